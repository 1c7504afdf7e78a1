namespace MlNetFreq.Methods.Corruptions;

/// <summary>
/// Pillow's <c>Image.resize(size, Image.BOX)</c> in floating point (as Pillow computes it for 32-bit float images): per
/// axis, output pixel i covers input centre (i + ½)·s, s = in/out, support ½·max(s, 1); the box weight of input pixel j
/// is 1 when (j − centre + ½)/max(s, 1) lies in (−½, ½], normalised; rows are resampled before columns.
/// </summary>
internal static class BoxResample
{
    /// <summary>Resizes one H × W plane to outH × outW.</summary>
    public static double[] Resize(ReadOnlySpan<double> plane, int h, int w, int outH, int outW)
    {
        var (wFirst, wWeights) = Coefficients(w, outW);
        var (hFirst, hWeights) = Coefficients(h, outH);
        var horizontal = new double[h * outW];
        for (int m = 0; m < h; m++)
        {
            for (int o = 0; o < outW; o++)
            {
                double s = 0;
                for (int k = 0; k < wWeights[o].Length; k++)
                {
                    s += plane[m * w + wFirst[o] + k] * wWeights[o][k];
                }

                // Pillow stores each pass in the image's own type (float32 for mode F).
                horizontal[m * outW + o] = (float)s;
            }
        }

        var result = new double[outH * outW];
        for (int o = 0; o < outH; o++)
        {
            for (int n = 0; n < outW; n++)
            {
                double s = 0;
                for (int k = 0; k < hWeights[o].Length; k++)
                {
                    s += horizontal[(hFirst[o] + k) * outW + n] * hWeights[o][k];
                }

                result[o * outW + n] = (float)s;
            }
        }

        return result;
    }

    private static (int[] First, double[][] Weights) Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 0.5 * filterScale;
        var first = new int[outSize];
        var weights = new double[outSize][];
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int xmin = Math.Max((int)(center - support + 0.5), 0);
            int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var k = new double[Math.Max(xmax, 0)];
            double total = 0;
            for (int x = 0; x < k.Length; x++)
            {
                double t = (x + xmin - center + 0.5) / filterScale;
                k[x] = t > -0.5 && t <= 0.5 ? 1 : 0;
                total += k[x];
            }

            for (int x = 0; x < k.Length; x++)
            {
                k[x] = total != 0 ? k[x] / total : 0;
            }

            first[i] = xmin;
            weights[i] = k;
        }

        return (first, weights);
    }
}
