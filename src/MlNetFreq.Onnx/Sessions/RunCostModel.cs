namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// The model's own cost of a set of ONNX Runtime runs, for benchmarks that compare a method's wall time with what its
/// forward and gradient passes cost by themselves: each run is priced at its batch size from times measured at a few
/// sizes (<see cref="Sizes"/>: the powers of two below the batch, and the batch), linearly interpolated between them
/// (small batches cost more per image, so a per-image price would flatter the method), and proportionally beyond the
/// largest.
/// </summary>
public sealed class RunCostModel
{
    private readonly int[] _sizes;
    private readonly double[] _forwardMs;
    private readonly double[] _gradientMs;

    /// <summary>The model from times (ms) measured at <paramref name="sizes"/> (ascending, each ≥ 1).</summary>
    public RunCostModel(IReadOnlyList<int> sizes, IReadOnlyList<double> forwardMs, IReadOnlyList<double> gradientMs)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(forwardMs);
        ArgumentNullException.ThrowIfNull(gradientMs);
        if (sizes.Count == 0 || forwardMs.Count != sizes.Count || gradientMs.Count != sizes.Count || sizes[0] < 1 || sizes.Zip(sizes.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException($"sizes: expected ascending batch sizes ≥ 1 with one forward and one gradient time each, found {sizes.Count} sizes, {forwardMs.Count} and {gradientMs.Count} times.");
        }

        (_sizes, _forwardMs, _gradientMs) = ([.. sizes], [.. forwardMs], [.. gradientMs]);
    }

    /// <summary>The sizes to time for a batch of <paramref name="batch"/>: 1, 2, 4, … below it, then the batch itself.</summary>
    public static int[] Sizes(int batch) => batch < 1
        ? throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch: expected at least 1, found {batch}.")
        : [.. Enumerable.Range(0, 31).Select(i => 1 << i).TakeWhile(s => s < batch).Append(batch)];

    /// <summary>The time (ms) of one forward run of <paramref name="size"/> images.</summary>
    public double ForwardMs(int size) => At(_forwardMs, size);

    /// <summary>The time (ms) of one gradient run of <paramref name="size"/> images.</summary>
    public double GradientMs(int size) => At(_gradientMs, size);

    /// <summary>The cost (ms) of runs counted by batch size.</summary>
    public double Price(IReadOnlyDictionary<int, long> forwardRuns, IReadOnlyDictionary<int, long> gradientRuns)
    {
        ArgumentNullException.ThrowIfNull(forwardRuns);
        ArgumentNullException.ThrowIfNull(gradientRuns);
        return forwardRuns.Sum(p => p.Value * ForwardMs(p.Key)) + gradientRuns.Sum(p => p.Value * GradientMs(p.Key));
    }

    private double At(double[] times, int size)
    {
        int j = Array.FindIndex(_sizes, s => s >= size);
        if (j < 0)
        {
            return times[^1] * size / _sizes[^1];
        }

        if (j == 0 || _sizes[j] == size)
        {
            return times[j];
        }

        double t = (size - _sizes[j - 1]) / (double)(_sizes[j] - _sizes[j - 1]);
        return times[j - 1] + t * (times[j] - times[j - 1]);
    }
}
