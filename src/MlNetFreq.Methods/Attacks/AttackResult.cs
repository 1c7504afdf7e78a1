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
}
