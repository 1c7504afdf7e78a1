namespace MlNetFreq.Methods.Corruptions;

/// <summary>Applies <see cref="FogOptions"/>: <c>clip((x + c·P)·M / (M + c))</c>.</summary>
public sealed class FogCorruption : Corruption
{
    /// <summary>Fog with <paramref name="options"/>.</summary>
    public FogCorruption(FogOptions options)
        : base(options)
    {
    }

    /// <summary>Fog on one image with a given map (H × W, in [0, 1]): the deterministic part, exposed for tests.</summary>
    public static void Blend(ReadOnlySpan<float> image, int channels, ReadOnlySpan<double> map, double strength, Span<float> output)
    {
        int size = map.Length;
        double max = 0;
        foreach (float v in image)
        {
            max = Math.Max(max, v);
        }

        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < size; i++)
            {
                output[c * size + i] = Clip((image[c * size + i] + strength * map[i]) * max / (max + strength));
            }
        }
    }

    /// <summary>The plasma map P of size H × W that image draws with <paramref name="rng"/>.</summary>
    public static double[] Map(int height, int width, double decay, Random rng)
    {
        int side = 1;
        while (side < Math.Max(height, width))
        {
            side *= 2;
        }

        double[] full = PlasmaFractal.Create(Math.Max(side, 2), decay, rng);
        int stride = Math.Max(side, 2);
        var map = new double[height * width];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                map[r * width + c] = full[r * stride + c];
            }
        }

        return map;
    }

    /// <inheritdoc />
    protected override void Corrupt(Plane image, Span<float> output, Random rng)
    {
        var (strength, decay) = FogOptions.Parameters[Level];
        Blend(image.Span, image.Channels, Map(image.Height, image.Width, decay, rng), strength, output);
    }
}
