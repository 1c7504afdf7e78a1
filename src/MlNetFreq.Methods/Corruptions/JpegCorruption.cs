namespace MlNetFreq.Methods.Corruptions;

/// <summary>Applies <see cref="JpegOptions"/>: 8-bit samples through <see cref="BaselineJpeg"/>, back to [0, 1].</summary>
public sealed class JpegCorruption : Corruption
{
    /// <summary>JPEG with <paramref name="options"/>.</summary>
    public JpegCorruption(JpegOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    protected override void Corrupt(Plane image, Span<float> output, Random rng)
    {
        ReadOnlySpan<float> x = image.Span;

        // A JPEG encoder receives 8-bit samples: the image is rounded to 1/255 first, as saving it to 8 bits would.
        var samples = new int[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            samples[i] = (int)Math.Round(x[i] * 255.0, MidpointRounding.AwayFromZero);
        }

        int[] decoded = BaselineJpeg.RoundTrip(samples, image.Channels, image.Height, image.Width, JpegOptions.Quality[Level]);
        for (int i = 0; i < decoded.Length; i++)
        {
            output[i] = decoded[i] / 255f;
        }
    }
}
