using Microsoft.ML.Data;

namespace MlNetFreq.ML.Batching;

/// <summary>An output column of a <see cref="BatchImageMapper"/>: a Single vector (any dimensions), or a Single, Int32 or Boolean scalar.</summary>
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
    /// Maps a block of rows: <see cref="BatchInput.Images"/> holds rows × <see cref="InputLength"/> values and
    /// <paramref name="outputs"/>[j] receives rows × <c>Outputs[j].Length</c> values. Buffers may be longer than needed.
    /// </summary>
    public abstract void MapBatch(BatchInput input, float[][] outputs);
}

/// <summary>
/// One block of rows for <see cref="BatchImageMapper.MapBatch"/>: the images, the labels (0-based; empty when the
/// transformer reads no label column), the position of the first row in the view (rows are consecutive; for messages)
/// and <see cref="Identities"/>, the identity of each row that seeds its randomness: the value of the id column when
/// one is named; otherwise in a pass over a data view the row's position (so results do not depend on the block size),
/// and in a <c>PredictionEngine</c> a hash of the row's content (so the same row gives the same result whichever call or
/// pooled engine serves it).
/// </summary>
public readonly record struct BatchInput(float[] Images, int[] Labels, int Rows, long FirstRow, long[] Identities)
{
    /// <summary>
    /// Checks that every row's pixels are finite and in [0, 1] (the input contract of the model transforms), naming the
    /// column and the row's position in the data view — not in the batch.
    /// </summary>
    public void CheckPixels(string column, int imageLength)
    {
        for (int i = 0; i < Rows; i++)
        {
            Data.Tensors.ImageContract.CheckPixels(Images.AsSpan(i * imageLength, imageLength), $"input column '{column}', row {FirstRow + i}");
        }
    }
}
