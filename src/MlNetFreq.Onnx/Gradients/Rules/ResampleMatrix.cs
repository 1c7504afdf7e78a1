namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// One axis of a Resize/Upsample as a matrix A[out, in] (y = A·x along that axis), from the ONNX Resize definition:
/// the output coordinate is mapped to an input coordinate by the coordinate transformation mode, then read by nearest
/// neighbour (rounded by the nearest mode, clamped to the axis) or by linear interpolation between the two neighbours
/// (clamped to the edge, which is also what PyTorch's bilinear does with align_corners=False).
/// </summary>
internal static class ResampleMatrix
{
    public static readonly string[] CoordinateModes = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"];

    public static readonly string[] NearestModes = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"];

    /// <param name="linear">Linear interpolation; otherwise nearest neighbour.</param>
    /// <param name="coordinateMode">One of <see cref="CoordinateModes"/>.</param>
    /// <param name="nearestMode">One of <see cref="NearestModes"/> (nearest neighbour only).</param>
    /// <param name="scale">Output length over input length as the operator uses it (the scales input, or out/in for sizes).</param>
    /// <param name="inLength">Input length of the axis.</param>
    /// <param name="outLength">Output length of the axis.</param>
    public static float[] Build(bool linear, string coordinateMode, string nearestMode, double scale, int inLength, int outLength)
    {
        var a = new float[outLength * inLength];
        for (int o = 0; o < outLength; o++)
        {
            double x = Original(coordinateMode, o, scale, inLength, outLength);
            if (linear)
            {
                x = Math.Clamp(x, 0, inLength - 1);
                int lo = (int)Math.Floor(x);
                int hi = Math.Min(lo + 1, inLength - 1);
                double t = x - lo;
                a[o * inLength + lo] += (float)(1 - t);
                a[o * inLength + hi] += (float)t;
            }
            else
            {
                int i = (int)Math.Clamp(Round(nearestMode, x), 0, inLength - 1);
                a[o * inLength + i] = 1;
            }
        }

        return a;
    }

    /// <summary>True when A is the identity (same length, every output reads its own input).</summary>
    public static bool IsIdentity(float[] a, int inLength, int outLength)
    {
        if (inLength != outLength)
        {
            return false;
        }

        for (int o = 0; o < outLength; o++)
        {
            for (int i = 0; i < inLength; i++)
            {
                if (a[o * inLength + i] != (o == i ? 1f : 0f))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static double Original(string mode, int o, double scale, int inLength, int outLength) => mode switch
    {
        "half_pixel" => (o + 0.5) / scale - 0.5,
        "pytorch_half_pixel" => outLength > 1 ? (o + 0.5) / scale - 0.5 : 0,
        "align_corners" => outLength == 1 ? 0 : o * (inLength - 1) / (double)(outLength - 1),
        "asymmetric" => o / scale,
        "tf_half_pixel_for_nn" => (o + 0.5) / scale,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    private static double Round(string mode, double x) => mode switch
    {
        "round_prefer_floor" => x - Math.Floor(x) == 0.5 ? Math.Floor(x) : Math.Round(x, MidpointRounding.AwayFromZero),
        "round_prefer_ceil" => x - Math.Floor(x) == 0.5 ? Math.Ceiling(x) : Math.Round(x, MidpointRounding.AwayFromZero),
        "floor" => Math.Floor(x),
        "ceil" => Math.Ceiling(x),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
