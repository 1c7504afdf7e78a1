using Microsoft.ML.Data;

namespace MlNetFreq.ML.Batching;

/// <summary>An output column of a <see cref="BatchImageMapper"/>: a Single vector (any dimensions), a Single scalar or an Int32 scalar.</summary>
public sealed record MappedColumn(string Name, DataViewType Type)
{
    /// <summary>Values per row.</summary>
    public int Length => Type is VectorDataViewType v ? v.Size : 1;
}

/// <summary>
/// Computes new columns for a block of rows from one image column in one call, so a backend sees whole batches
/// (one DCT call, one ONNX Runtime run) instead of single rows. Implementations are thread-safe: ML.NET may run
/// several cursors over one view at once.
/// </summary>
public abstract class BatchImageMapper
{
    /// <summary>Values per input row.</summary>
    public abstract int InputLength { get; }

    /// <summary>The columns this mapper adds, in order.</summary>
    public abstract IReadOnlyList<MappedColumn> Outputs { get; }

    /// <summary>
    /// Maps <paramref name="rows"/> rows: <paramref name="inputs"/> holds rows × <see cref="InputLength"/> values and
    /// <paramref name="outputs"/>[j] receives rows × <c>Outputs[j].Length</c> values. Buffers may be longer than needed.
    /// </summary>
    public abstract void MapBatch(float[] inputs, int rows, float[][] outputs);
}
