namespace MlNetFreq;

using MlNetFreq.Methods.Corruptions;

/// <summary>
/// Pixelate: Pillow's BOX resize down to ⌊W·c⌋ × ⌊H·c⌋, then BOX back to W × H, c = 0.95, 0.9, 0.85, 0.75, 0.65
/// (make_cifar_c.py; the reference writes 32·c for both axes). Deterministic; matches Pillow's float (mode F) resize to
/// float precision; the reference resizes 8-bit images, which rounds each pass to 1/255 (measured in the tests).
/// </summary>
public sealed record PixelateOptions : CorruptionOptions
{
    /// <summary>c per severity.</summary>
    public static IReadOnlyList<double> Factor { get; } = [0.95, 0.9, 0.85, 0.75, 0.65];

    /// <inheritdoc />
    public override Corruption Create() => new PlaneFilter(this, (plane, h, w) =>
    {
        double c = Factor[Severity - 1];
        int sh = Math.Max(1, (int)(h * c)), sw = Math.Max(1, (int)(w * c));
        return BoxResample.Resize(BoxResample.Resize(plane, h, w, sh, sw), sh, sw, h, w);
    });
}
