namespace MlNetFreq.Spectral.Bounds;

/// <summary>
/// Proposition 1 of Wang et al. ("Towards Frequency-Based Explanation for Robust CNN"): the zero-frequency
/// component of a perturbation bounds its size from below. For a perturbation δ of one channel with n pixels,
/// the unnormalised DFT gives <c>Δ(0,0) = Σᵢ δᵢ</c>, and by the triangle and Cauchy–Schwarz inequalities
/// <c>‖δ‖∞ ≥ |Δ(0,0)| / n</c> and <c>‖δ‖₂ ≥ |Δ(0,0)| / √n</c>. With the orthonormal DCT,
/// <c>D(0,0) = Σᵢ δᵢ / √n</c>, so <c>‖δ‖₂ ≥ |D(0,0)|</c>.
/// </summary>
public static class PerturbationBounds
{
    /// <summary>The unnormalised DFT's zero-frequency coefficient Δ(0,0) = Σ δ of one channel plane (summed in double).</summary>
    public static double ZeroFrequency(ReadOnlySpan<float> deltaPlane)
    {
        CheckPlane(deltaPlane.Length);
        double sum = 0;
        foreach (float d in deltaPlane)
        {
            sum += d;
        }

        return sum;
    }

    /// <summary>Lower bound on ‖δ‖∞ of one channel plane: |Δ(0,0)| / n.</summary>
    public static double LinfLowerBound(ReadOnlySpan<float> deltaPlane) =>
        Math.Abs(ZeroFrequency(deltaPlane)) / deltaPlane.Length;

    /// <summary>Lower bound on ‖δ‖₂ of one channel plane: |Δ(0,0)| / √n.</summary>
    public static double L2LowerBound(ReadOnlySpan<float> deltaPlane) =>
        Math.Abs(ZeroFrequency(deltaPlane)) / Math.Sqrt(deltaPlane.Length);

    /// <summary>Lower bound on ‖δ‖₂ of one channel plane from its orthonormal DCT spectrum: |D(0,0)|.</summary>
    public static double L2LowerBoundFromDct(ReadOnlySpan<float> dctPlane)
    {
        CheckPlane(dctPlane.Length);
        return Math.Abs(dctPlane[0]);
    }

    private static void CheckPlane(int length)
    {
        if (length == 0)
        {
            throw new ArgumentException("Expected a perturbation plane of at least one pixel, found an empty span.");
        }
    }
}
