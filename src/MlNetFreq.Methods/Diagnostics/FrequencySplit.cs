using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Fourier;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// Splits images into a low-pass and a high-pass image that add up to the image: in the Fourier basis Wang et al.'s
/// radial DFT mask (<see cref="FourierFilter"/>), in the DCT basis the diagonal bands k = u + v &lt; r and the rest
/// (orthonormal DCT, so the split is exact and both parts are real). Nothing is clipped.
/// </summary>
public sealed class FrequencySplit
{
    private readonly FourierFilter? _fourier;
    private readonly bool[]? _lowDct;
    private readonly IDctBackend? _dct;

    /// <summary>The split of H × W planes at <paramref name="radius"/> in <paramref name="basis"/>.</summary>
    public FrequencySplit(SpectralBasis basis, int height, int width, double radius)
    {
        if (basis == SpectralBasis.Fourier)
        {
            _fourier = new FourierFilter(height, width, radius);
        }
        else
        {
            if (!(radius >= 0) || double.IsInfinity(radius))
            {
                throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius: expected a finite value ≥ 0.");
            }

            _lowDct = new bool[height * width];
            for (int u = 0; u < height; u++)
            {
                for (int v = 0; v < width; v++)
                {
                    _lowDct[u * width + v] = u + v < radius;
                }
            }

            _dct = DctBackends.Shared(DctBackendKind.Managed);
        }

        Height = height;
        Width = width;
    }

    /// <summary>
    /// The largest cut-off that still leaves a frequency in the high-pass image of an H × W plane: the distance of the
    /// farthest coefficient from the zero frequency (Fourier: √(⌊H/2⌋² + ⌊W/2⌋²) from the centred index; DCT: the last
    /// diagonal band, H + W − 2). Cut-offs in (0, this] split the spectrum; 0 leaves the low-pass image blank and a larger
    /// one leaves the high-pass image blank.
    /// </summary>
    public static double LargestUsefulRadius(SpectralBasis basis, int height, int width) => basis == SpectralBasis.Fourier
        ? Math.Sqrt((double)(height / 2) * (height / 2) + (double)(width / 2) * (width / 2))
        : height + width - 2;

    /// <summary>
    /// Why cut-off <paramref name="radius"/> splits nothing off H × W planes in <paramref name="basis"/> (0 or less: the
    /// low-pass image is blank; beyond <see cref="LargestUsefulRadius"/>: the high-pass one), or null when it splits the
    /// spectrum. The one wording of this refusal, for the diagnostic's radii and a policy's radius alike.
    /// </summary>
    public static string? CutOffProblem(SpectralBasis basis, int height, int width, double radius)
    {
        double largest = LargestUsefulRadius(basis, height, width);
        if (radius > 0 && radius <= largest)
        {
            return null;
        }

        string blank = radius <= 0 ? "low" : "high";
        string whole = radius <= 0 ? "high" : "low";
        return $"expected a cut-off in (0, {largest.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}] for the model's {height}×{width} images in the {basis.ToString().ToLowerInvariant()} basis, "
            + $"found {radius.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: the {blank}-pass image would be blank and the {whole}-pass one the image itself.";
    }

    /// <summary>Rows of a plane.</summary>
    public int Height { get; }

    /// <summary>Columns of a plane.</summary>
    public int Width { get; }

    /// <summary>Splits every H × W plane of <paramref name="planes"/> (e.g. [N, C, H, W]) into <paramref name="low"/> and <paramref name="high"/>.</summary>
    public void Split(ReadOnlySpan<float> planes, Span<float> low, Span<float> high)
    {
        if (_fourier is not null)
        {
            _fourier.Split(planes, low, high);
            return;
        }

        int size = Height * Width;
        if (planes.Length % size != 0 || low.Length != planes.Length || high.Length != planes.Length)
        {
            throw new ArgumentException($"Expected whole planes of {Height} × {Width} and outputs of the same length, found {planes.Length}, {low.Length} and {high.Length} values.", nameof(planes));
        }

        var shape = new ImageBatchShape(planes.Length / size, 1, Height, Width);
        _dct!.Transform(planes, low, shape, DctDirection.Forward);
        for (int i = 0; i < planes.Length; i++)
        {
            bool isLow = _lowDct![i % size];
            high[i] = isLow ? 0 : low[i];
            low[i] = isLow ? low[i] : 0;
        }

        _dct.Transform(low, low, shape, DctDirection.Inverse);
        _dct.Transform(high, high, shape, DctDirection.Inverse);
    }
}
