namespace MlNetFreq.Methods.Corruptions;

/// <summary>A corruption that draws every value independently: <c>clip(noise(x))</c>, values in channel-plane order.</summary>
public sealed class PixelNoise : Corruption
{
    private readonly Func<double, Random, double> _noise;

    /// <summary>The corruption <paramref name="noise"/> of each value, with <paramref name="options"/>.</summary>
    public PixelNoise(CorruptionOptions options, Func<double, Random, double> noise)
        : base(options) => _noise = noise ?? throw new ArgumentNullException(nameof(noise));

    /// <inheritdoc />
    protected override void Corrupt(Plane image, Span<float> output, Random rng)
    {
        ReadOnlySpan<float> x = image.Span;
        for (int i = 0; i < x.Length; i++)
        {
            output[i] = Clip(_noise(x[i], rng));
        }
    }
}
