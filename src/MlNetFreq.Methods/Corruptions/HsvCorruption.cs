namespace MlNetFreq.Methods.Corruptions;

/// <summary>A corruption that edits each pixel in HSV (RGB images; gray ones as R = G = B when <c>gray</c> is allowed), then clips.</summary>
public sealed class HsvCorruption : Corruption
{
    private readonly bool _gray;
    private readonly Func<double, double, double, (double H, double S, double V)> _edit;

    /// <summary>The corruption that maps (h, s, v) through <paramref name="edit"/>.</summary>
    public HsvCorruption(CorruptionOptions options, bool gray, Func<double, double, double, (double H, double S, double V)> edit)
        : base(options)
    {
        _gray = gray;
        _edit = edit ?? throw new ArgumentNullException(nameof(edit));
    }

    /// <inheritdoc />
    public override string? NotApplicable(int channels) => channels == 3 || (channels == 1 && _gray)
        ? null
        : channels == 1 ? "has no meaning for gray (1-channel) images: they have no saturation" : $"expected 3 (RGB){(_gray ? " or 1 (gray)" : "")} channels, found {channels}";

    /// <inheritdoc />
    protected override void Corrupt(Plane image, Span<float> output, Random rng)
    {
        ReadOnlySpan<float> x = image.Span;
        int size = image.Size;
        for (int i = 0; i < size; i++)
        {
            if (image.Channels == 1)
            {
                var (_, _, v) = _edit(0, 0, x[i]);
                output[i] = Clip(v);
                continue;
            }

            var (h, s, val) = Hsv.FromRgb(x[i], x[size + i], x[2 * size + i]);
            (h, s, val) = _edit(h, s, val);
            var (r, g, b) = Hsv.ToRgb(h, s, val);
            output[i] = Clip(r);
            output[size + i] = Clip(g);
            output[2 * size + i] = Clip(b);
        }
    }
}
