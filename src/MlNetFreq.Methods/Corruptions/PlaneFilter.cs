namespace MlNetFreq.Methods.Corruptions;

/// <summary>A deterministic corruption that transforms each channel plane alone, then clips to [0, 1].</summary>
public sealed class PlaneFilter : Corruption
{
    private readonly Func<double[], int, int, double[]> _filter;

    /// <summary>The corruption that maps each H × W plane through <paramref name="filter"/>.</summary>
    public PlaneFilter(CorruptionOptions options, Func<double[], int, int, double[]> filter)
        : base(options) => _filter = filter ?? throw new ArgumentNullException(nameof(filter));

    /// <inheritdoc />
    protected override void Corrupt(Plane image, Span<float> output, Random rng)
    {
        for (int c = 0; c < image.Channels; c++)
        {
            double[] filtered = _filter(Filtering.Channel(image, c), image.Height, image.Width);
            for (int i = 0; i < filtered.Length; i++)
            {
                output[c * image.Size + i] = Clip(filtered[i]);
            }
        }
    }
}
