namespace MlNetFreq;

using MlNetFreq.Methods.Corruptions;

/// <summary>
/// Contrast: <c>clip((x − m)·c + m)</c> with m each channel's mean over the image, c = 0.75, 0.5, 0.4, 0.3, 0.15
/// (make_cifar_c.py). Deterministic; matches the reference to float precision.
/// </summary>
public sealed record ContrastOptions : CorruptionOptions
{
    /// <summary>c per severity.</summary>
    public static IReadOnlyList<double> Factor { get; } = [0.75, 0.5, 0.4, 0.3, 0.15];

    /// <inheritdoc />
    public override Corruption Create() => new PlaneFilter(this, (plane, h, w) =>
    {
        double mean = plane.Average(), c = Factor[Severity - 1];
        return plane.Select(x => (x - mean) * c + mean).ToArray();
    });
}

/// <summary>
/// Brightness: in HSV (scikit-image's conversion), <c>V ← clip(V + c)</c>, c = 0.05, 0.1, 0.15, 0.2, 0.3 (make_cifar_c.py).
/// A gray image is the same formula on a pixel with R = G = B: <c>clip(x + c)</c>. Deterministic; matches the
/// reference to float precision.
/// </summary>
public sealed record BrightnessOptions : CorruptionOptions
{
    /// <summary>c per severity.</summary>
    public static IReadOnlyList<double> Shift { get; } = [0.05, 0.1, 0.15, 0.2, 0.3];

    /// <inheritdoc />
    public override Corruption Create() => new HsvCorruption(this, gray: true, (h, s, v) => (h, s, Math.Clamp(v + Shift[Severity - 1], 0, 1)));
}

/// <summary>
/// Saturate: in HSV (scikit-image's conversion), <c>S ← clip(S·a + b)</c>, (a, b) = (0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1),
/// (2.5, 0.2) (make_cifar_c.py; severities 1–2 desaturate and 3–5 saturate, so its change is not monotone in severity).
/// RGB only: a gray image has no saturation. Deterministic; matches the reference to float precision.
/// </summary>
public sealed record SaturateOptions : CorruptionOptions
{
    /// <summary>(a, b) per severity.</summary>
    public static IReadOnlyList<(double Scale, double Shift)> Factor { get; } = [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)];

    /// <inheritdoc />
    public override Corruption Create() => new HsvCorruption(this, gray: false, (h, s, v) => (h, Math.Clamp(s * Factor[Severity - 1].Scale + Factor[Severity - 1].Shift, 0, 1), v));
}
