namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// Per-sample outcome of an attack on n images: adversarial images [n, C, H, W] (failed samples of CW come back
/// unchanged), success, L∞ and L2 norms of δ = x′ − x, iterations (gradient steps) or queries (SimBA), clean and
/// adversarial predicted classes, and the adversarial logits [n, K].
/// </summary>
public sealed record AttackResult(
    float[] Adversarial,
    bool[] Success,
    float[] Linf,
    float[] L2,
    int[] Iterations,
    int[] CleanClass,
    int[] AdversarialClass,
    float[] Logits,
    double Seconds)
{
    /// <summary>Samples.</summary>
    public int Count => Success.Length;

    /// <summary>Fraction of successful samples.</summary>
    public double SuccessRate => Count == 0 ? 0 : Success.Count(s => s) / (double)Count;

    /// <summary>Median iterations or queries over all samples.</summary>
    public double MedianIterations => Median(Iterations);

    /// <summary>
    /// Median of counts: the middle value, or the mean of the two middle values for an even count (halves added, so
    /// <see cref="int.MaxValue"/> standing for "never" does not overflow); 0 when empty.
    /// </summary>
    public static double Median(IEnumerable<int> values)
    {
        int[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] / 2.0 + sorted[n / 2] / 2.0;
    }
}
