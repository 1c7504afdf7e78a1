using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Methods.Corruptions;

/// <summary>
/// A baseline JPEG encode + decode, as libjpeg does it with its defaults (the facts from the JPEG standard, ITU-T T.81,
/// and libjpeg's documented behaviour; our own code): RGB → YCbCr in libjpeg's 16-bit fixed point; for RGB 4:2:0 chroma
/// (2 × 2 means with libjpeg's alternating rounding bias 1, 2); edges replicated to whole blocks; the 8 × 8 orthonormal
/// DCT of samples − 128 (in floating point, where libjpeg's default uses an integer approximation); quantisation by the
/// Annex K tables scaled by quality as <c>jpeg_quality_scaling</c> does (q &lt; 50: 5000/q, else 200 − 2q percent;
/// entries clamped to 1…255), rounding half away from zero; the inverse DCT rounded and clamped to 0…255; chroma
/// upsampled by libjpeg's "fancy" triangle filter; YCbCr → RGB in its fixed point. Gray images are one component.
/// Entropy coding is lossless, so it is skipped.
/// </summary>
public static class BaselineJpeg
{
    private const int Fix16 = 1 << 16;
    private const int Half = 1 << 15;

    private static readonly int[] LuminanceBase =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly int[] ChrominanceBase =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private static readonly double[] Dct8 = DctBasis.Create(8);

    /// <summary>The quantisation table (natural order) of <paramref name="quality"/> 1–100: luminance, or chrominance.</summary>
    public static int[] QuantTable(int quality, bool chrominance)
    {
        if (quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality: expected 1 to 100.");
        }

        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        return (chrominance ? ChrominanceBase : LuminanceBase).Select(b => Math.Clamp((int)(((long)b * scale + 50) / 100), 1, 255)).ToArray();
    }

    /// <summary>Encodes and decodes 8-bit samples [C, H, W] (C = 1 or 3) at <paramref name="quality"/>; returns the decoded samples.</summary>
    public static int[] RoundTrip(int[] samples, int channels, int height, int width, int quality)
    {
        int size = height * width;
        if (channels is not (1 or 3) || samples.Length != channels * size)
        {
            throw new ArgumentException($"Expected [1 or 3, {height}, {width}] samples, found {channels} channels and {samples.Length} values.", nameof(samples));
        }

        int[] luma = QuantTable(quality, chrominance: false);
        if (channels == 1)
        {
            return Component(samples, height, width, luma);
        }

        int[] chroma = QuantTable(quality, chrominance: true);
        var (y, cb, cr) = ToYCbCr(samples, size);
        int[] yOut = Component(y, height, width, luma);
        int ch = (height + 1) / 2, cw = (width + 1) / 2;
        int[] cbOut = Upsample(Component(Downsample(cb, height, width), ch, cw, chroma), ch, cw, height, width);
        int[] crOut = Upsample(Component(Downsample(cr, height, width), ch, cw, chroma), ch, cw, height, width);
        return ToRgb(yOut, cbOut, crOut);
    }

    // libjpeg's rgb_ycc_convert: 16-bit fixed point, FIX(x) = round(x·2¹⁶); chroma offset 128 with ONE_HALF − 1 rounding.
    private static (int[] Y, int[] Cb, int[] Cr) ToYCbCr(int[] rgb, int size)
    {
        var y = new int[size];
        var cb = new int[size];
        var cr = new int[size];
        for (int i = 0; i < size; i++)
        {
            long r = rgb[i], g = rgb[size + i], b = rgb[2 * size + i];
            y[i] = (int)((Fix(0.29900) * r + Fix(0.58700) * g + Fix(0.11400) * b + Half) >> 16);
            cb[i] = (int)((-Fix(0.16874) * r - Fix(0.33126) * g + Fix(0.5) * b + (128L << 16) + Half - 1) >> 16);
            cr[i] = (int)((Fix(0.5) * r - Fix(0.41869) * g - Fix(0.08131) * b + (128L << 16) + Half - 1) >> 16);
        }

        return (y, cb, cr);
    }

    // libjpeg's ycc_rgb_convert tables: R = Y + round(1.402·Cr'), G = Y + ((−FIX(0.34414)·Cb' − FIX(0.71414)·Cr' + ½) >> 16), B = Y + round(1.772·Cb').
    private static int[] ToRgb(int[] y, int[] cb, int[] cr)
    {
        int size = y.Length;
        var rgb = new int[3 * size];
        for (int i = 0; i < size; i++)
        {
            long cbs = cb[i] - 128, crs = cr[i] - 128;
            rgb[i] = Math.Clamp(y[i] + (int)((Fix(1.40200) * crs + Half) >> 16), 0, 255);
            rgb[size + i] = Math.Clamp(y[i] + (int)((-Fix(0.34414) * cbs - Fix(0.71414) * crs + Half) >> 16), 0, 255);
            rgb[2 * size + i] = Math.Clamp(y[i] + (int)((Fix(1.77200) * cbs + Half) >> 16), 0, 255);
        }

        return rgb;
    }

    private static long Fix(double x) => (long)(x * Fix16 + 0.5);

    // libjpeg's h2v2_downsample: (a + b + c + d + bias) >> 2, bias 1, 2, 1, 2, … along a row; edges replicated.
    private static int[] Downsample(int[] plane, int h, int w)
    {
        int oh = (h + 1) / 2, ow = (w + 1) / 2;
        var result = new int[oh * ow];
        for (int r = 0; r < oh; r++)
        {
            int r0 = Math.Min(2 * r, h - 1), r1 = Math.Min(2 * r + 1, h - 1);
            for (int c = 0; c < ow; c++)
            {
                int c0 = Math.Min(2 * c, w - 1), c1 = Math.Min(2 * c + 1, w - 1);
                int bias = c % 2 == 0 ? 1 : 2;
                result[r * ow + c] = (plane[r0 * w + c0] + plane[r0 * w + c1] + plane[r1 * w + c0] + plane[r1 * w + c1] + bias) >> 2;
            }
        }

        return result;
    }

    // libjpeg's h2v2_fancy_upsample: column sums 3·nearer + farther row (edge rows repeat), then (3·this + neighbour + 8 or 7) >> 4.
    private static int[] Upsample(int[] plane, int h, int w, int outH, int outW)
    {
        var result = new int[outH * outW];
        for (int r = 0; r < h; r++)
        {
            for (int half = 0; half < 2; half++)
            {
                int outRow = 2 * r + half;
                if (outRow >= outH)
                {
                    break;
                }

                int other = Math.Clamp(half == 0 ? r - 1 : r + 1, 0, h - 1);
                int Sum(int c) => 3 * plane[r * w + Math.Clamp(c, 0, w - 1)] + plane[other * w + Math.Clamp(c, 0, w - 1)];
                for (int c = 0; c < w; c++)
                {
                    int self = Sum(c);
                    int left = c == 0 ? -1 : Sum(c - 1), right = c == w - 1 ? -1 : Sum(c + 1);
                    int even = left < 0 ? (self * 4 + 8) >> 4 : (self * 3 + left + 8) >> 4;
                    int odd = right < 0 ? (self * 4 + 7) >> 4 : (self * 3 + right + 7) >> 4;
                    if (2 * c < outW)
                    {
                        result[outRow * outW + 2 * c] = even;
                    }

                    if (2 * c + 1 < outW)
                    {
                        result[outRow * outW + 2 * c + 1] = odd;
                    }
                }
            }
        }

        return result;
    }

    // One component: edges replicated to whole 8 × 8 blocks; per block DCT of (sample − 128), quantise, dequantise, inverse DCT, round, clamp.
    private static int[] Component(int[] plane, int h, int w, int[] table)
    {
        var result = new int[h * w];
        var block = new double[64];
        var temp = new double[64];
        for (int by = 0; by < h; by += 8)
        {
            for (int bx = 0; bx < w; bx += 8)
            {
                for (int i = 0; i < 8; i++)
                {
                    for (int j = 0; j < 8; j++)
                    {
                        block[i * 8 + j] = plane[Math.Min(by + i, h - 1) * w + Math.Min(bx + j, w - 1)] - 128;
                    }
                }

                Transform(block, temp, inverse: false);
                for (int k = 0; k < 64; k++)
                {
                    double q = block[k] / table[k];
                    block[k] = Math.Round(q, MidpointRounding.AwayFromZero) * table[k];
                }

                Transform(block, temp, inverse: true);
                for (int i = 0; i < 8 && by + i < h; i++)
                {
                    for (int j = 0; j < 8 && bx + j < w; j++)
                    {
                        result[(by + i) * w + bx + j] = Math.Clamp((int)Math.Floor(block[i * 8 + j] + 128 + 0.5), 0, 255);
                    }
                }
            }
        }

        return result;
    }

    // In place: forward X = D·x·Dᵀ, inverse x = Dᵀ·X·D (D the orthonormal 8-point DCT-II).
    private static void Transform(double[] block, double[] temp, bool inverse)
    {
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                double s = 0;
                for (int k = 0; k < 8; k++)
                {
                    s += (inverse ? Dct8[k * 8 + i] : Dct8[i * 8 + k]) * block[k * 8 + j];
                }

                temp[i * 8 + j] = s;
            }
        }

        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                double s = 0;
                for (int k = 0; k < 8; k++)
                {
                    s += temp[i * 8 + k] * (inverse ? Dct8[k * 8 + j] : Dct8[j * 8 + k]);
                }

                block[i * 8 + j] = s;
            }
        }
    }
}
