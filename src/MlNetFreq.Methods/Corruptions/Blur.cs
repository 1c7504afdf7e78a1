namespace MlNetFreq;

using MlNetFreq.Methods.Corruptions;

/// <summary>
/// Gaussian blur as scikit-image's <c>gaussian(x, sigma, multichannel=True)</c> (SciPy's <c>gaussian_filter</c>: kernel
/// radius ⌊4σ + 0.5⌋, edge mode <c>nearest</c>, each channel alone), σ = 0.4, 0.6, 0.7, 0.8, 1 (make_cifar_c.py).
/// Deterministic; matches the reference to float precision.
/// </summary>
public sealed record GaussianBlurOptions : CorruptionOptions
{
    /// <summary>σ per severity.</summary>
    public static IReadOnlyList<double> Sigma { get; } = [0.4, 0.6, 0.7, 0.8, 1];

    /// <inheritdoc />
    public override Corruption Create() => new PlaneFilter(this, (plane, h, w) =>
        Filtering.Separable(plane, h, w, Filtering.GaussianKernel(Sigma[Severity - 1]), Filtering.Border.Nearest));
}

/// <summary>
/// Defocus blur: correlation with an anti-aliased disk, as the reference's <c>disk(radius, alias_blur)</c> — the 17 × 17
/// indicator of x² + y² ≤ radius², normalised, blurred by OpenCV's 3 × 3 Gaussian with σ = alias_blur — applied with
/// OpenCV's <c>filter2D</c> (border <c>BORDER_REFLECT_101</c>); (radius, alias_blur) = (0.3, 0.4), (0.4, 0.5), (0.5, 0.6),
/// (1, 0.2), (1.5, 0.1) (make_cifar_c.py). Deterministic; matches the reference to float precision.
/// </summary>
public sealed record DefocusBlurOptions : CorruptionOptions
{
    /// <summary>(radius, alias_blur) per severity.</summary>
    public static IReadOnlyList<(double Radius, double AliasBlur)> Disk { get; } = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)];

    /// <inheritdoc />
    public override Corruption Create()
    {
        var (kernel, size) = DiskKernel(Disk[Severity - 1].Radius, Disk[Severity - 1].AliasBlur);
        return new PlaneFilter(this, (plane, h, w) => Filtering.Correlate(plane, h, w, kernel, size, size, Filtering.Border.Reflect101));
    }

    /// <summary>
    /// The reference's kernel: the disk indicator on [−8, 8]² (radius ≤ 8), normalised, then OpenCV's <c>GaussianBlur</c>
    /// with a 3 × 3 kernel (weights exp(−i²/2σ²), i ∈ {−1, 0, 1}, normalised; border <c>BORDER_REFLECT_101</c>).
    /// </summary>
    public static (double[] Kernel, int Size) DiskKernel(double radius, double aliasBlur)
    {
        if (radius > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The reference's disk uses a 17 × 17 support up to radius 8.");
        }

        const int size = 17;
        var disk = new double[size * size];
        double count = 0;
        for (int y = -8; y <= 8; y++)
        {
            for (int x = -8; x <= 8; x++)
            {
                bool inside = x * x + y * y <= radius * radius;
                disk[(y + 8) * size + x + 8] = inside ? 1 : 0;
                count += inside ? 1 : 0;
            }
        }

        for (int i = 0; i < disk.Length; i++)
        {
            disk[i] /= count;
        }

        double g = Math.Exp(-1 / (2 * aliasBlur * aliasBlur));
        double[] gauss = [g / (1 + 2 * g), 1 / (1 + 2 * g), g / (1 + 2 * g)];
        double[] blurred = Filtering.Separable(disk, size, size, gauss, Filtering.Border.Reflect101);

        // Entries beyond the blurred disk are exactly 0 and add nothing: keep the (symmetric) non-zero centre only.
        int reach = Enumerable.Range(0, 9).Last(d => Enumerable.Range(0, size).Any(i => blurred[(8 - d) * size + i] != 0 || blurred[i * size + 8 - d] != 0));
        int side = 2 * reach + 1;
        var kernel = new double[side * side];
        for (int a = 0; a < side; a++)
        {
            for (int b = 0; b < side; b++)
            {
                kernel[a * side + b] = blurred[(8 - reach + a) * size + 8 - reach + b];
            }
        }

        return (kernel, side);
    }
}

/// <summary>
/// Zoom blur: the mean of the image and its centre zooms by factors 1, 1.01, … (as NumPy's <c>arange(1, z_max, 0.01)</c>
/// gives them: 7, 12, 16, 21 and 26 factors for severities 1–5), each zoom as the reference's <c>clipped_zoom</c>: crop the
/// centre ⌈H/z⌉ × ⌈W/z⌉, resize it by z with SciPy's linear <c>zoom</c> (output ⌊size·z⌉, corners aligned), trim the
/// centre H × W (the reference crops square images; we crop each axis on its own). Deterministic; matches the reference
/// to float precision.
/// </summary>
public sealed record ZoomBlurOptions : CorruptionOptions
{
    /// <summary>NumPy's <c>arange(1, stop, 0.01)</c> stop per severity.</summary>
    public static IReadOnlyList<double> Stop { get; } = [1.06, 1.11, 1.16, 1.21, 1.26];

    /// <summary>
    /// The zoom factors of a severity, as <c>np.arange(1, stop, 0.01)</c> computes them: ⌈(stop − 1)/0.01⌉ values
    /// 1 + i·δ with δ = (1 + 0.01) − 1 in floating point (NumPy extrapolates from its first two values), so the last
    /// factor of severity 5 is 1.2500000000000002 and its zoom of a 26-pixel crop has 33 pixels, not 32.
    /// </summary>
    public static double[] Factors(int severity)
    {
        int count = (int)Math.Ceiling((Stop[severity - 1] - 1) / 0.01);
        double delta = (1 + 0.01) - 1;
        return Enumerable.Range(0, count).Select(i => 1 + i * delta).ToArray();
    }

    /// <inheritdoc />
    public override Corruption Create()
    {
        double[] factors = Factors(Severity);
        return new PlaneFilter(this, (plane, h, w) =>
        {
            var sum = new double[h * w];
            foreach (double z in factors)
            {
                double[] zoomed = ClippedZoom(plane, h, w, z);
                for (int i = 0; i < sum.Length; i++)
                {
                    sum[i] += zoomed[i];
                }
            }

            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] = (plane[i] + sum[i]) / (factors.Length + 1);
            }

            return sum;
        });
    }

    private static double[] ClippedZoom(ReadOnlySpan<double> plane, int h, int w, double z)
    {
        int ch = (int)Math.Ceiling(h / z), cw = (int)Math.Ceiling(w / z);
        int top = (h - ch) / 2, left = (w - cw) / 2;
        int oh = (int)Math.Round(ch * z, MidpointRounding.ToEven), ow = (int)Math.Round(cw * z, MidpointRounding.ToEven);
        int trimTop = (oh - h) / 2, trimLeft = (ow - w) / 2;
        var result = new double[h * w];
        for (int m = 0; m < h; m++)
        {
            var (r0, r1, fr) = Source(m + trimTop, ch, oh);
            for (int n = 0; n < w; n++)
            {
                var (c0, c1, fc) = Source(n + trimLeft, cw, ow);
                double a = plane[(top + r0) * w + left + c0], b = plane[(top + r0) * w + left + c1];
                double c = plane[(top + r1) * w + left + c0], d = plane[(top + r1) * w + left + c1];
                result[m * w + n] = (1 - fr) * ((1 - fc) * a + fc * b) + fr * ((1 - fc) * c + fc * d);
            }
        }

        return result;
    }

    // SciPy's zoom without grid_mode: output index o reads input coordinate o·(in − 1)/(out − 1); linear weights.
    private static (int Low, int High, double Fraction) Source(int o, int size, int outSize)
    {
        if (size == 1 || outSize == 1)
        {
            return (0, 0, 0);
        }

        double x = o * (double)(size - 1) / (outSize - 1);
        int low = Math.Min((int)Math.Floor(x), size - 1);
        int high = Math.Min(low + 1, size - 1);
        return (low, high, x - low);
    }
}
