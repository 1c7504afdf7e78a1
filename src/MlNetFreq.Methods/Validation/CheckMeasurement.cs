using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Methods.Robustness;

namespace MlNetFreq.Methods.Validation;

/// <summary>
/// What one check measured over a run of consecutive images (<see cref="ModelValidator.Measure"/>): counts and
/// per-sample records that add up exactly, so the measurements of consecutive parts (cluster shards) merge into the
/// measurement of the whole (<see cref="Merge"/>) and <see cref="ModelValidator.Decide"/> gives the one-machine result.
/// </summary>
public sealed record CheckMeasurement
{
    /// <summary>Images measured.</summary>
    public int Images { get; init; }

    /// <summary>Accuracy checks: images counted as successes (correct, or robust).</summary>
    public long Successes { get; init; }

    /// <summary>SimBA checks: queries to success per image (<see cref="int.MaxValue"/>: not fooled).</summary>
    public int[]? Queries { get; init; }

    /// <summary>High-frequency reliance: the Occluded Frequency scores and the images' labels.</summary>
    public AttributionResult? Attribution { get; init; }

    /// <summary>The labels of <see cref="Attribution"/>'s images.</summary>
    public int[]? Labels { get; init; }

    /// <summary>
    /// Robust-accuracy checks under a gradient attack: the reference's before-run sanity warnings, computed by the part
    /// that starts at the check's first image (null in the other parts).
    /// </summary>
    public string[]? Warnings { get; init; }

    /// <summary>AutoAttack checks: the ensemble's counts and per-sample outcomes, one part per measured run, in order.</summary>
    public AutoAttackPart[]? AutoAttack { get; init; }

    /// <summary>Heat-map checks: the error counts.</summary>
    public HeatMapResult? HeatMap { get; init; }

    /// <summary>Low/high-pass checks: the counts at the check's radius.</summary>
    public FilteredAccuracyResult? Filtered { get; init; }

    /// <summary>Corruption checks: the table's counts and exact RCT sums.</summary>
    public CorruptionTable? Corruptions { get; init; }

    /// <summary>The measurement of consecutive parts, in order, as one measurement of all their images.</summary>
    public static CheckMeasurement Merge(IReadOnlyList<CheckMeasurement> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Expected at least one measured part.", nameof(parts));
        }

        var first = parts[0];
        return new CheckMeasurement
        {
            Images = parts.Sum(p => p.Images),
            Successes = parts.Sum(p => p.Successes),
            Warnings = parts.All(p => p.Warnings is null) ? null : [.. parts.SelectMany(p => p.Warnings ?? [])],
            Queries = first.Queries is null ? null : [.. parts.SelectMany(p => p.Queries!)],
            Attribution = first.Attribution is not { } a ? null : a with
            {
                Scores = [.. parts.SelectMany(p => p.Attribution!.Scores)],
                TargetClasses = [.. parts.SelectMany(p => p.Attribution!.TargetClasses)],
                CleanLogits = [.. parts.SelectMany(p => p.Attribution!.CleanLogits)],
            },
            Labels = first.Labels is null ? null : [.. parts.SelectMany(p => p.Labels!)],
            AutoAttack = first.AutoAttack is null ? null : [.. parts.SelectMany(p => p.AutoAttack!)],
            HeatMap = first.HeatMap is null ? null : parts.Select(p => p.HeatMap!).Aggregate((x, y) => x.Merge(y)),
            Filtered = first.Filtered is null ? null : parts.Select(p => p.Filtered!).Aggregate((x, y) => x.Merge(y)),
            Corruptions = first.Corruptions is null ? null : parts.Select(p => p.Corruptions!).Aggregate((x, y) => x.Merge(y)),
        };
    }
}
