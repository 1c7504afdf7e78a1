using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Bands;

/// <summary>Pools DCT spectra into one number per band and image (see <see cref="BandStatistic"/>).</summary>
public static class BandPooling
{
    /// <summary>
    /// Pools a batch of spectra <paramref name="spectra"/> of <paramref name="shape"/> into
    /// <paramref name="output"/> of length N·<see cref="FrequencyBands.Count"/>, row-major [N, bands].
    /// </summary>
    public static void Pool(ReadOnlySpan<float> spectra, ImageBatchShape shape, FrequencyBands bands, BandStatistic statistic, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(bands);
        shape.ValidateBuffer(spectra.Length, nameof(spectra));
        if (shape.H != bands.Height || shape.W != bands.Width)
        {
            throw new ArgumentException(
                $"Bands were built for {bands.Height}×{bands.Width} planes, the spectra are {shape.H}×{shape.W}.", nameof(bands));
        }

        int count = bands.Count;
        if (output.Length != shape.N * count)
        {
            throw new ArgumentException($"Output needs N·bands = {shape.N}·{count} = {shape.N * count} values, found {output.Length}.", nameof(output));
        }

        ReadOnlySpan<int> bandOf = bands.BandOf;
        ReadOnlySpan<int> sizes = bands.Sizes;
        Span<double> sums = count <= 512 ? stackalloc double[count] : new double[count];
        int planeLength = shape.PlaneLength;
        for (int n = 0; n < shape.N; n++)
        {
            sums.Clear();
            for (int c = 0; c < shape.C; c++)
            {
                ReadOnlySpan<float> plane = spectra.Slice((n * shape.C + c) * planeLength, planeLength);
                for (int i = 0; i < planeLength; i++)
                {
                    double x = plane[i];
                    sums[bandOf[i]] += statistic == BandStatistic.Energy ? x * x : Math.Abs(x);
                }
            }

            Span<float> row = output.Slice(n * count, count);
            for (int k = 0; k < count; k++)
            {
                row[k] = (float)(statistic == BandStatistic.Energy ? sums[k] : sums[k] / ((double)sizes[k] * shape.C));
            }
        }
    }
}
