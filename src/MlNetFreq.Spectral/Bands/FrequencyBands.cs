namespace MlNetFreq.Spectral.Bands;

/// <summary>
/// The partition of an H×W DCT plane into frequency bands (DESIGN.md §3). A band spans all channels:
/// masks and pooling apply the same plane pattern to every channel.
/// </summary>
public sealed class FrequencyBands
{
    private readonly int[] _bandOf;
    private readonly int[] _sizes;

    private FrequencyBands(int height, int width, BandLayout layout)
    {
        Height = height;
        Width = width;
        Layout = layout;
        _bandOf = new int[height * width];
        int max = 0;
        for (int u = 0; u < height; u++)
        {
            for (int v = 0; v < width; v++)
            {
                // √(u²+v²) is never exactly k + ½ for integers (k²+k+¼ is not an integer), so the rounding mode is moot.
                int k = layout == BandLayout.Diagonal ? u + v : (int)Math.Round(Math.Sqrt((double)u * u + (double)v * v));
                _bandOf[u * width + v] = k;
                max = Math.Max(max, k);
            }
        }

        Count = max + 1;
        _sizes = new int[Count];
        foreach (int k in _bandOf)
        {
            _sizes[k]++;
        }
    }

    /// <summary>Rows of the plane.</summary>
    public int Height { get; }

    /// <summary>Columns of the plane.</summary>
    public int Width { get; }

    /// <summary>Diagonal or radial.</summary>
    public BandLayout Layout { get; }

    /// <summary>Number of bands: H+W−1 for diagonal (63 for 32×32), round(√((H−1)²+(W−1)²))+1 for radial. None is empty.</summary>
    public int Count { get; }

    /// <summary>Band of every coefficient, row-major over (u, v).</summary>
    public ReadOnlySpan<int> BandOf => _bandOf;

    /// <summary>Coefficients per band in one channel plane.</summary>
    public ReadOnlySpan<int> Sizes => _sizes;

    /// <summary>Creates the bands of an H×W plane.</summary>
    public static FrequencyBands Create(int height, int width, BandLayout layout = BandLayout.Diagonal)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"Frequency bands need a plane of at least 1×1, found {height}×{width}.");
        }

        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Expected Diagonal or Radial.");
        }

        return new FrequencyBands(height, width, layout);
    }

    /// <summary>Band of coefficient (u, v).</summary>
    public int BandAt(int u, int v) => _bandOf[u * Width + v];

    /// <summary>A plane mask with 1 on the coefficients of the selected bands and 0 elsewhere.</summary>
    public float[] Mask(Func<int, bool> selectBand)
    {
        ArgumentNullException.ThrowIfNull(selectBand);
        var mask = new float[_bandOf.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = selectBand(_bandOf[i]) ? 1f : 0f;
        }

        return mask;
    }

    /// <summary>Mask of one band.</summary>
    public float[] Mask(int band)
    {
        CheckBand(band);
        return Mask(k => k == band);
    }

    /// <summary>Mask of the bands 0 … <paramref name="maxBand"/> (a low-pass filter).</summary>
    public float[] LowPassMask(int maxBand)
    {
        CheckBand(maxBand);
        return Mask(k => k <= maxBand);
    }

    /// <summary>
    /// The third of <paramref name="count"/> bands that <paramref name="band"/> falls in — 0 low, 1 middle, 2 high —
    /// as RCT shares and the reports split them: ⌊3·band / count⌋.
    /// </summary>
    public static int ThirdOf(int band, int count) => Math.Min(2, 3 * band / count);

    /// <summary>Mean of a per-band profile (one value per band) over the bands of one third (0 low, 1 middle, 2 high).</summary>
    public static double ProfileThirdMean(ReadOnlySpan<float> profile, int third)
    {
        double sum = 0;
        int count = 0;
        for (int b = 0; b < profile.Length; b++)
        {
            if (ThirdOf(b, profile.Length) == third)
            {
                sum += profile[b];
                count++;
            }
        }

        return count > 0 ? sum / count : 0;
    }

    /// <summary>Mean of a per-coefficient map [H, W] over the coefficients whose band lies in one third (0 low, 1 middle, 2 high).</summary>
    public double MapThirdMean(ReadOnlySpan<float> map, int third)
    {
        if (map.Length != Height * Width)
        {
            throw new ArgumentException($"Expected a {Height}×{Width} map ({Height * Width} values), found {map.Length}.", nameof(map));
        }

        var bandOf = BandOf;
        double sum = 0;
        int count = 0;
        for (int p = 0; p < map.Length; p++)
        {
            if (ThirdOf(bandOf[p], Count) == third)
            {
                sum += map[p];
                count++;
            }
        }

        return count > 0 ? sum / count : 0;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ band &lt; <see cref="Count"/>.</summary>
    public void CheckBand(int band)
    {
        if ((uint)band >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band,
                $"Expected a band in 0…{Count - 1} for {Layout} bands of a {Height}×{Width} plane.");
        }
    }
}
