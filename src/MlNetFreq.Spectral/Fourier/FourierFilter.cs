namespace MlNetFreq.Spectral.Fourier;

/// <summary>
/// The radial low-pass / high-pass split of Wang et al. (CVPR 2020, "High-frequency Component Helps Explain the
/// Generalization of Convolutional Neural Networks"): per channel plane, the 2-D DFT is shifted so that the zero
/// frequency sits at index (⌊H/2⌋, ⌊W/2⌋); the low-pass image keeps the coefficients at Euclidean distance &lt; r from that
/// index (a binary mask: 1 inside, 0 outside), the high-pass image keeps the rest; each is the real part of the inverse
/// DFT. Nothing is clipped. The transforms are separable DFTs in double precision (O(HW(H + W)) per plane), exact for
/// any H × W.
/// </summary>
public sealed class FourierFilter
{
    private readonly double[] _cosH;
    private readonly double[] _sinH;
    private readonly double[] _cosW;
    private readonly double[] _sinW;
    private readonly bool[] _low;

    /// <summary>The split of an H × W plane at radius <paramref name="radius"/>.</summary>
    public FourierFilter(int height, int width, double radius)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A Fourier filter needs H, W ≥ 1, found {height} × {width}.");
        }

        if (!(radius >= 0) || double.IsInfinity(radius))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius: expected a finite value ≥ 0.");
        }

        Height = height;
        Width = width;
        Radius = radius;
        (_cosH, _sinH) = Twiddles(height);
        (_cosW, _sinW) = Twiddles(width);
        _low = new bool[height * width];
        for (int k = 0; k < height; k++)
        {
            for (int l = 0; l < width; l++)
            {
                // Unshifted index k sits at shifted index (k + ⌊H/2⌋) mod H; its offset from the centre is that minus ⌊H/2⌋.
                double du = (k + height / 2) % height - height / 2;
                double dv = (l + width / 2) % width - width / 2;
                _low[k * width + l] = Math.Sqrt(du * du + dv * dv) < radius;
            }
        }
    }

    /// <summary>Rows of the plane.</summary>
    public int Height { get; }

    /// <summary>Columns of the plane.</summary>
    public int Width { get; }

    /// <summary>Coefficients at a distance below this from the centre are low frequencies.</summary>
    public double Radius { get; }

    /// <summary>Splits each H × W plane of <paramref name="planes"/> into its low-pass and high-pass images.</summary>
    public void Split(ReadOnlySpan<float> planes, Span<float> low, Span<float> high)
    {
        int size = Height * Width;
        if (planes.Length % size != 0 || low.Length != planes.Length || high.Length != planes.Length)
        {
            throw new ArgumentException($"Expected whole planes of {Height} × {Width} and outputs of the same length, found {planes.Length}, {low.Length} and {high.Length} values.", nameof(planes));
        }

        var re = new double[size];
        var im = new double[size];
        var lowRe = new double[size];
        var lowIm = new double[size];
        var tmpRe = new double[size];
        var tmpIm = new double[size];
        for (int p = 0; p < planes.Length / size; p++)
        {
            ReadOnlySpan<float> x = planes.Slice(p * size, size);
            for (int i = 0; i < size; i++)
            {
                re[i] = x[i];
                im[i] = 0;
            }

            Dft(re, im, tmpRe, tmpIm, inverse: false);
            for (int i = 0; i < size; i++)
            {
                lowRe[i] = _low[i] ? re[i] : 0;
                lowIm[i] = _low[i] ? im[i] : 0;
                re[i] = _low[i] ? 0 : re[i];
                im[i] = _low[i] ? 0 : im[i];
            }

            Dft(lowRe, lowIm, tmpRe, tmpIm, inverse: true);
            Dft(re, im, tmpRe, tmpIm, inverse: true);
            for (int i = 0; i < size; i++)
            {
                low[p * size + i] = (float)lowRe[i];
                high[p * size + i] = (float)re[i];
            }
        }
    }

    // e^{∓2πi·k·m/n} for k, m < n, reduced modulo n first for precision.
    private static (double[] Cos, double[] Sin) Twiddles(int n)
    {
        var c = new double[n * n];
        var s = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            for (int m = 0; m < n; m++)
            {
                double angle = 2 * Math.PI * ((long)k * m % n) / n;
                c[k * n + m] = Math.Cos(angle);
                s[k * n + m] = Math.Sin(angle);
            }
        }

        return (c, s);
    }

    // In-place separable 2-D DFT of (re, im): X[k, l] = Σ x[m, n] e^{∓2πi(km/H + ln/W)}, divided by HW when inverse.
    private void Dft(double[] re, double[] im, double[] tmpRe, double[] tmpIm, bool inverse)
    {
        int h = Height, w = Width;
        Axis(re, im, tmpRe, tmpIm, _cosW, _sinW, w, outer: h, outerStride: w, stride: 1, inverse, 1.0);
        Axis(tmpRe, tmpIm, re, im, _cosH, _sinH, h, outer: w, outerStride: 1, stride: w, inverse, inverse ? 1.0 / ((double)h * w) : 1.0);
    }

    // 1-D DFTs of length n along one axis: for each of `outer` lines (starting outerStride apart), elements stride apart.
    private static void Axis(double[] re, double[] im, double[] outRe, double[] outIm, double[] cos, double[] sin, int n, int outer, int outerStride, int stride, bool inverse, double scale)
    {
        double sign = inverse ? 1 : -1;
        for (int line = 0; line < outer; line++)
        {
            int start = line * outerStride;
            for (int k = 0; k < n; k++)
            {
                double sr = 0, si = 0;
                for (int m = 0; m < n; m++)
                {
                    double c = cos[k * n + m], s = sign * sin[k * n + m];
                    double xr = re[start + m * stride], xi = im[start + m * stride];
                    sr += xr * c - xi * s;
                    si += xr * s + xi * c;
                }

                outRe[start + k * stride] = sr * scale;
                outIm[start + k * stride] = si * scale;
            }
        }
    }
}
