namespace MlNetFreq.Onnx.Graph;

/// <summary>
/// The shape of a tensor as observed by running the model: <see cref="Batch"/> (−1) marks a dimension that grows
/// with the batch size; the other dimensions are fixed.
/// </summary>
public sealed record TensorShape(long[] Dims)
{
    /// <summary>Marker of a batch-dependent dimension.</summary>
    public const long Batch = -1;

    /// <summary>Rank.</summary>
    public int Rank => Dims.Length;

    /// <summary>Dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public long this[int axis] => Dims[axis < 0 ? axis + Dims.Length : axis];

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(",", Dims.Select(d => d == Batch ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <summary>Elements per batch item (product of the fixed dims).</summary>
    public long FixedElements => Dims.Where(d => d != Batch).Aggregate(1L, (a, b) => a * b);
}
