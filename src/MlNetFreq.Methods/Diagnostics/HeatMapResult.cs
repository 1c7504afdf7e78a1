namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// A heat map: for every map cell, the number of test images the model got wrong under that basis image's perturbation.
/// Counts (not rates) are kept so maps of disjoint image sets add up exactly.
/// </summary>
/// <param name="Basis">The perturbation basis.</param>
/// <param name="MapHeight">Rows of the map.</param>
/// <param name="MapWidth">Columns of the map.</param>
/// <param name="Wrong">Misclassified images per cell, row-major; Fourier: zero frequency at the centre; DCT: (u, v) from the top-left.</param>
/// <param name="CleanWrong">Misclassified clean images.</param>
/// <param name="Images">Images scored.</param>
/// <param name="BandOfCell">DCT basis: the diagonal band (u + v) of each cell; null for the Fourier basis.</param>
public sealed record HeatMapResult(SpectralBasis Basis, int MapHeight, int MapWidth, long[] Wrong, long CleanWrong, long Images, int[]? BandOfCell)
{
    /// <summary>The stride the map was measured at (1: every frequency, as far as the radius allows).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Which cells were measured (a frequency subset: stride, radius); null when every cell was.</summary>
    public bool[]? Measured { get; init; }

    /// <summary>Whether cell <paramref name="cell"/> was measured.</summary>
    public bool IsMeasured(int cell) => Measured is null || Measured[cell];

    /// <summary>Error rate per cell (wrong / images); NaN for a cell not measured.</summary>
    public double[] Error => Wrong.Select((w, cell) => !IsMeasured(cell) ? double.NaN : Images == 0 ? 0 : (double)w / Images).ToArray();

    /// <summary>Error rate on the clean images.</summary>
    public double CleanError => Images == 0 ? 0 : (double)CleanWrong / Images;

    /// <summary>Mean error over the measured cells.</summary>
    public double MeanError => Error.Where(e => !double.IsNaN(e)).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Largest error over the measured cells.</summary>
    public double MaxError => Error.Where(e => !double.IsNaN(e)).DefaultIfEmpty(double.NaN).Max();

    /// <summary>DCT basis: mean error over the cells of each diagonal band (lines up with Occluded Frequency's bands); null for Fourier.</summary>
    public double[]? BandError
    {
        get
        {
            if (BandOfCell is null)
            {
                return null;
            }

            double[] error = Error;
            int bands = BandOfCell.Max() + 1;
            var sum = new double[bands];
            var count = new int[bands];
            for (int i = 0; i < error.Length; i++)
            {
                if (IsMeasured(i))
                {
                    sum[BandOfCell[i]] += error[i];
                    count[BandOfCell[i]]++;
                }
            }

            return sum.Select((s, k) => count[k] == 0 ? double.NaN : s / count[k]).ToArray(); // NaN: no cell of the band measured
        }
    }

    /// <summary>The map of two disjoint image sets together.</summary>
    public HeatMapResult Merge(HeatMapResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Basis != Basis || other.MapHeight != MapHeight || other.MapWidth != MapWidth || !(Measured ?? []).SequenceEqual(other.Measured ?? []))
        {
            throw new ArgumentException($"Cannot merge a {other.Basis} {other.MapHeight} × {other.MapWidth} map into a {Basis} {MapHeight} × {MapWidth} map.", nameof(other));
        }

        return this with { Wrong = Wrong.Zip(other.Wrong, (a, b) => a + b).ToArray(), CleanWrong = CleanWrong + other.CleanWrong, Images = Images + other.Images };
    }
}
