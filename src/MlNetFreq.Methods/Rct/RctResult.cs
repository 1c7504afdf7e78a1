namespace MlNetFreq.Methods.Rct;

/// <summary>
/// Relative change in DCT between clean and perturbed images (DESIGN.md §3): the map [H, W], the band profile, and
/// the shares of Σ|ΔD| in the low, middle and high thirds of the bands; per channel on request ([C, H, W]); and the
/// unnormalised mean absolute change <c>MeanAbsoluteChange(u,v) = Σᵢ Σ_ch |ΔDᵢ(u,v)| / (N·C)</c> [H, W] (the paper's
/// Figure 3 shows this map for robust and non-robust data sets).
/// </summary>
public sealed record RctResult(float[] Map, float[] BandProfile, double LowShare, double MiddleShare, double HighShare, int Height, int Width, float[]? PerChannelMap,
    float[] MeanAbsoluteChange)
{
    /// <summary>
    /// The relative change of each third of the bands (low, middle, high): Σ|ΔD| / Σ|D| over the third's coefficients,
    /// images and channels — where a perturbation changes the spectrum most relative to what was there.
    /// </summary>
    public double[] ThirdRelativeChange { get; init; } = [];
}
