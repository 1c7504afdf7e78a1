namespace MlNetFreq.Methods.Corruptions;

/// <summary>Correlation of planes with small kernels, with the border rules of SciPy (<c>nearest</c>) and OpenCV (<c>BORDER_REFLECT_101</c>).</summary>
internal static class Filtering
{
    /// <summary>How an index outside [0, n) is mapped back.</summary>
    public enum Border
    {
        /// <summary>SciPy's <c>nearest</c>: the edge value repeats (aaa|abcd|ddd).</summary>
        Nearest,

        /// <summary>OpenCV's default <c>BORDER_REFLECT_101</c>: mirrored without repeating the edge (dcb|abcd|cba).</summary>
        Reflect101,
    }

    /// <summary>The index inside [0, n) that <paramref name="i"/> reads under <paramref name="border"/>.</summary>
    public static int Index(int i, int n, Border border)
    {
        if ((uint)i < (uint)n)
        {
            return i;
        }

        if (border == Border.Nearest || n == 1)
        {
            return Math.Clamp(i, 0, n - 1);
        }

        int period = 2 * (n - 1);
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }

    /// <summary>SciPy's 1-D Gaussian kernel of <c>gaussian_filter</c>: radius ⌊4σ + 0.5⌋, weights exp(−x²/2σ²) normalised.</summary>
    public static double[] GaussianKernel(double sigma, double truncate = 4.0)
    {
        int radius = (int)(truncate * sigma + 0.5);
        var k = new double[2 * radius + 1];
        double sum = 0;
        for (int x = -radius; x <= radius; x++)
        {
            k[x + radius] = Math.Exp(-0.5 * x * x / (sigma * sigma));
            sum += k[x + radius];
        }

        for (int i = 0; i < k.Length; i++)
        {
            k[i] /= sum;
        }

        return k;
    }

    /// <summary>Separable correlation of one H × W plane: first along rows (axis 0), then along columns (axis 1).</summary>
    public static double[] Separable(ReadOnlySpan<double> plane, int h, int w, double[] kernel, Border border)
    {
        int r = kernel.Length / 2;
        var temp = new double[h * w];
        for (int m = 0; m < h; m++)
        {
            for (int n = 0; n < w; n++)
            {
                double s = 0;
                for (int j = 0; j < kernel.Length; j++)
                {
                    s += kernel[j] * plane[Index(m + j - r, h, border) * w + n];
                }

                temp[m * w + n] = s;
            }
        }

        var result = new double[h * w];
        for (int m = 0; m < h; m++)
        {
            for (int n = 0; n < w; n++)
            {
                double s = 0;
                for (int j = 0; j < kernel.Length; j++)
                {
                    s += kernel[j] * temp[m * w + Index(n + j - r, w, border)];
                }

                result[m * w + n] = s;
            }
        }

        return result;
    }

    /// <summary>2-D correlation of one H × W plane with a kh × kw kernel anchored at its centre.</summary>
    public static double[] Correlate(ReadOnlySpan<double> plane, int h, int w, double[] kernel, int kh, int kw, Border border)
    {
        int rh = kh / 2, rw = kw / 2;
        var result = new double[h * w];
        for (int m = 0; m < h; m++)
        {
            for (int n = 0; n < w; n++)
            {
                double s = 0;
                for (int a = 0; a < kh; a++)
                {
                    int row = Index(m + a - rh, h, border) * w;
                    for (int b = 0; b < kw; b++)
                    {
                        s += kernel[a * kw + b] * plane[row + Index(n + b - rw, w, border)];
                    }
                }

                result[m * w + n] = s;
            }
        }

        return result;
    }

    /// <summary>Channel c of an image as doubles.</summary>
    public static double[] Channel(Plane image, int c)
    {
        var plane = new double[image.Size];
        ReadOnlySpan<float> x = image.Span.Slice(c * image.Size, image.Size);
        for (int i = 0; i < plane.Length; i++)
        {
            plane[i] = x[i];
        }

        return plane;
    }
}
