namespace MlNetFreq.Methods.Attribution;

/// <summary>
/// Aggregates of Occluded Frequency scores over a data set (the paper's Experiment IV): mean score per band per
/// class, the overall mean profile, and the high-frequency reliance index.
/// </summary>
public sealed record AttributionProfile(float[] MeanByClass, int[] CountByClass, float[] Overall, int Bands, int Classes)
{
    /// <summary>Mean scores per class (rows grouped by <paramref name="classOf"/>, e.g. labels or target classes).</summary>
    public static AttributionProfile From(AttributionResult result, ReadOnlySpan<int> classOf, int classes)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (classOf.Length != result.Count)
        {
            throw new ArgumentException($"Expected one class per image ({result.Count}), found {classOf.Length}.", nameof(classOf));
        }

        int k = result.Bands;
        var sums = new double[classes * k];
        var overall = new double[k];
        var counts = new int[classes];
        for (int i = 0; i < result.Count; i++)
        {
            int c = classOf[i];
            if ((uint)c >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(classOf), c, $"Class {c} of image {i} is outside 0…{classes - 1}.");
            }

            counts[c]++;
            var row = result.Row(i);
            for (int b = 0; b < k; b++)
            {
                sums[c * k + b] += row[b];
                overall[b] += row[b];
            }
        }

        var mean = new float[classes * k];
        for (int c = 0; c < classes; c++)
        {
            for (int b = 0; b < k; b++)
            {
                mean[c * k + b] = counts[c] == 0 ? 0f : (float)(sums[c * k + b] / counts[c]);
            }
        }

        return new AttributionProfile(mean, counts, overall.Select(v => (float)(v / Math.Max(1, result.Count))).ToArray(), k, classes);
    }

    /// <summary>
    /// Share of positive attribution mass in the upper half of the bands: Σ_k w_k·max(OF_k, 0) / Σ_k max(OF_k, 0) over
    /// the overall profile, with w_k = 1 above the middle band, ½ for the middle band of an odd count, 0 below. In [0, 1];
    /// 0 when no band has positive attribution.
    /// </summary>
    public double HighFrequencyReliance => HighFrequencyShare(Overall);

    /// <summary>The same index for any per-band profile.</summary>
    public static double HighFrequencyShare(ReadOnlySpan<float> profile)
    {
        int k = profile.Length;
        double total = 0, high = 0;
        for (int b = 0; b < k; b++)
        {
            double positive = Math.Max(0, profile[b]);
            double weight = 2 * b + 1 > k ? 1 : 2 * b + 1 == k ? 0.5 : 0;
            total += positive;
            high += weight * positive;
        }

        return total > 0 ? high / total : 0;
    }
}
