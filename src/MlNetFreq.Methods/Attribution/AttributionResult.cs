namespace MlNetFreq.Methods.Attribution;

/// <summary>
/// Occluded Frequency scores of n images: <see cref="Scores"/> [n, bands] with
/// <c>OF_c(k) = f_c(x) − f_c(x̃_k)</c>, the explained class per image and the clean logits [n, classes].
/// </summary>
public sealed record AttributionResult(float[] Scores, int Bands, int[] TargetClasses, float[] CleanLogits, int Classes)
{
    /// <summary>Images.</summary>
    public int Count => TargetClasses.Length;

    /// <summary>Scores of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => Scores.AsSpan(index * Bands, Bands);

    /// <summary>The <paramref name="k"/> bands with the largest scores for image <paramref name="index"/>, largest first.</summary>
    public int[] TopBands(int index, int k)
    {
        var row = Row(index).ToArray();
        return Enumerable.Range(0, Bands).OrderByDescending(b => row[b]).ThenBy(b => b).Take(k).ToArray();
    }
}
