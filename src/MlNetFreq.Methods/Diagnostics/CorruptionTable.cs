using System.Globalization;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>Where in the spectrum a corruption changes images most, relative to what was there: a third of the diagonal bands.</summary>
public enum FrequencyThird
{
    /// <summary>The lowest third of the bands.</summary>
    Low,

    /// <summary>The middle third.</summary>
    Middle,

    /// <summary>The highest third.</summary>
    High,
}

/// <summary>One corruption at one severity: the model's accuracy and where the corruption changes the spectrum.</summary>
/// <param name="Corruption">Its registered name.</param>
/// <param name="Severity">1–5.</param>
/// <param name="Correct">Corrupted images classified correctly.</param>
/// <param name="Images">Images scored.</param>
/// <param name="ChangeSums">Σ|ΔD| of corrupted vs clean per third of the diagonal bands (low, middle, high), in RCT quanta (exact).</param>
/// <param name="MagnitudeSums">Σ|D| of the clean images per third, in RCT quanta.</param>
public sealed record CorruptionRow(string Corruption, int Severity, long Correct, long Images, Int128[] ChangeSums, Int128[] MagnitudeSums)
{
    /// <summary>RCT of corrupted vs clean per third of the diagonal bands (low, middle, high): Σ|ΔD| / Σ|D|.</summary>
    public double[] ThirdRelativeChange => Rct.RelativeChangeInDct.ThirdRelativeChange(ChangeSums, MagnitudeSums);

    /// <summary>Accuracy on the corrupted images.</summary>
    public double Accuracy => Images == 0 ? 0 : (double)Correct / Images;

    /// <summary>The third whose relative change is largest: the corruption's measured frequency group.</summary>
    public FrequencyThird Group => (FrequencyThird)Array.IndexOf(ThirdRelativeChange, ThirdRelativeChange.Max());
}

/// <summary>A group of corruption rows with the same measured frequency third.</summary>
/// <param name="Group">The third.</param>
/// <param name="Rows">How many (corruption, severity) rows fall in it.</param>
/// <param name="MeanAccuracy">Mean accuracy over those rows.</param>
public sealed record CorruptionGroup(FrequencyThird Group, int Rows, double MeanAccuracy);

/// <summary>
/// Accuracy under common corruptions, each (corruption, severity) grouped by the band third its RCT is largest in (measured,
/// not assumed), with the corruptions that do not apply to these images and why.
/// </summary>
/// <param name="CleanCorrect">Clean images classified correctly.</param>
/// <param name="Images">Images scored.</param>
/// <param name="Rows">One row per corruption and severity.</param>
/// <param name="Skipped">Corruptions left out, with the reason (e.g. saturate on gray images).</param>
public sealed record CorruptionTable(long CleanCorrect, long Images, IReadOnlyList<CorruptionRow> Rows, IReadOnlyDictionary<string, string> Skipped)
{
    /// <summary>Accuracy on the clean images.</summary>
    public double CleanAccuracy => Images == 0 ? 0 : (double)CleanCorrect / Images;

    /// <summary>Mean accuracy over all rows (the "mean corruption accuracy").</summary>
    public double MeanAccuracy => Rows.Count == 0 ? 0 : Rows.Average(r => r.Accuracy);

    /// <summary>Mean accuracy of a corruption over its severities.</summary>
    public double AccuracyOf(string corruption) => Rows.Where(r => r.Corruption == corruption).Average(r => r.Accuracy);

    /// <summary>The groups that have rows, low to high.</summary>
    public IReadOnlyList<CorruptionGroup> Groups => Rows.GroupBy(r => r.Group).OrderBy(g => g.Key)
        .Select(g => new CorruptionGroup(g.Key, g.Count(), g.Average(r => r.Accuracy))).ToArray();

    /// <summary>
    /// This table and one of other images under the same settings, as one table over both (counts and exact RCT sums
    /// added, so a data set scored in parts gives the table of the whole).
    /// </summary>
    public CorruptionTable Merge(CorruptionTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows.Count != Rows.Count || Rows.Zip(other.Rows).Any(p => p.First.Corruption != p.Second.Corruption || p.First.Severity != p.Second.Severity))
        {
            throw new ArgumentException("Corruption tables of different settings cannot be merged.", nameof(other));
        }

        var rows = Rows.Zip(other.Rows, (a, b) => a with
        {
            Correct = a.Correct + b.Correct, Images = a.Images + b.Images,
            ChangeSums = [.. a.ChangeSums.Zip(b.ChangeSums, (x, y) => x + y)], MagnitudeSums = [.. a.MagnitudeSums.Zip(b.MagnitudeSums, (x, y) => x + y)],
        }).ToArray();
        return new CorruptionTable(CleanCorrect + other.CleanCorrect, Images + other.Images, rows, Skipped);
    }

    /// <summary>
    /// The table as <c>mlnetfreq corruption-accuracy --output</c> writes it: a header, then per row corruption, severity,
    /// accuracy, images, the RCT per band third, the measured group and the clean accuracy (round-trip decimals).
    /// </summary>
    public IEnumerable<string> ToCsv()
    {
        yield return "corruption,severity,accuracy,images,rct_low,rct_middle,rct_high,group,clean_accuracy";
        foreach (var row in Rows)
        {
            yield return string.Join(",", row.Corruption, row.Severity.ToString(CultureInfo.InvariantCulture), F(row.Accuracy), row.Images.ToString(CultureInfo.InvariantCulture),
                F(row.ThirdRelativeChange[0]), F(row.ThirdRelativeChange[1]), F(row.ThirdRelativeChange[2]), row.Group.ToString().ToLowerInvariant(), F(CleanAccuracy));
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The group with the lowest mean accuracy.</summary>
    public CorruptionGroup WorstGroup => Groups.MinBy(g => g.MeanAccuracy) ?? throw new InvalidOperationException("The table has no rows.");
}
