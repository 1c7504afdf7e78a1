namespace MlNetFreq.Methods.Corruptions;

/// <summary>
/// RGB ↔ HSV as scikit-image's <c>rgb2hsv</c> / <c>hsv2rgb</c> (all in [0, 1]): V = max, S = (max − min)/V (0 when max =
/// min), H from the channel that holds the max — blue over green over red on ties, as its later assignments win.
/// </summary>
internal static class Hsv
{
    /// <summary>One pixel to (h, s, v).</summary>
    public static (double H, double S, double V) FromRgb(double r, double g, double b)
    {
        double v = Math.Max(r, Math.Max(g, b));
        double delta = v - Math.Min(r, Math.Min(g, b));
        if (delta == 0)
        {
            return (0, 0, v);
        }

        double h = b == v ? 4 + (r - g) / delta : g == v ? 2 + (b - r) / delta : (g - b) / delta;
        h /= 6;
        h -= Math.Floor(h);
        return (h, delta / v, v);
    }

    /// <summary>(h, s, v) back to one pixel.</summary>
    public static (double R, double G, double B) ToRgb(double h, double s, double v)
    {
        double sector = Math.Floor(h * 6);
        double f = h * 6 - sector;
        double p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
        return ((int)sector % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }
}
