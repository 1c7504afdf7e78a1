namespace MlNetFreq.Methods.Diagnostics;

/// <summary>One cut-off of a filtered-accuracy curve: correct counts on the low-pass and high-pass images and their value ranges.</summary>
/// <param name="Radius">The cut-off r.</param>
/// <param name="LowCorrect">Images classified correctly from their low-pass image.</param>
/// <param name="HighCorrect">Images classified correctly from their high-pass image.</param>
/// <param name="Images">Images scored.</param>
/// <param name="LowMin">Smallest low-pass pixel (the images are not clipped, as in the paper).</param>
/// <param name="LowMax">Largest low-pass pixel.</param>
/// <param name="HighMin">Smallest high-pass pixel.</param>
/// <param name="HighMax">Largest high-pass pixel.</param>
public sealed record FilteredAccuracyPoint(double Radius, long LowCorrect, long HighCorrect, long Images, float LowMin, float LowMax, float HighMin, float HighMax)
{
    /// <summary>Accuracy on the low-pass images.</summary>
    public double LowAccuracy => Images == 0 ? 0 : (double)LowCorrect / Images;

    /// <summary>Accuracy on the high-pass images.</summary>
    public double HighAccuracy => Images == 0 ? 0 : (double)HighCorrect / Images;
}

/// <summary>Filtered-accuracy curves (Wang et al., CVPR 2020): accuracy on low-pass and high-pass images per cut-off.</summary>
/// <param name="Basis">Fourier (radial DFT mask) or DCT (diagonal bands).</param>
/// <param name="CleanCorrect">Images classified correctly unfiltered.</param>
/// <param name="Images">Images scored.</param>
/// <param name="Points">One point per cut-off, in the order asked.</param>
public sealed record FilteredAccuracyResult(SpectralBasis Basis, long CleanCorrect, long Images, IReadOnlyList<FilteredAccuracyPoint> Points)
{
    /// <summary>Accuracy on the unfiltered images.</summary>
    public double CleanAccuracy => Images == 0 ? 0 : (double)CleanCorrect / Images;

    /// <summary>The curves of two disjoint image sets together (same basis and cut-offs).</summary>
    public FilteredAccuracyResult Merge(FilteredAccuracyResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Basis != Basis || !other.Points.Select(p => p.Radius).SequenceEqual(Points.Select(p => p.Radius)))
        {
            throw new ArgumentException("Cannot merge curves of another basis or other cut-offs.", nameof(other));
        }

        var points = Points.Zip(other.Points, (a, b) => new FilteredAccuracyPoint(a.Radius, a.LowCorrect + b.LowCorrect, a.HighCorrect + b.HighCorrect, a.Images + b.Images,
            Math.Min(a.LowMin, b.LowMin), Math.Max(a.LowMax, b.LowMax), Math.Min(a.HighMin, b.HighMin), Math.Max(a.HighMax, b.HighMax))).ToArray();
        return new FilteredAccuracyResult(Basis, CleanCorrect + other.CleanCorrect, Images + other.Images, points);
    }
}
