namespace MlNetFreq.Methods.Robustness;

/// <summary>
/// One part of an AutoAttack evaluation (a cluster shard, or a whole run) as <see cref="AutoAttackReport.Combine"/> adds
/// parts up: counts, log and per-sample outcomes, without the adversarial images; <paramref name="WarningsBefore"/> are
/// the before-run sanity warnings, computed once, on the data's first images, by the part that starts there.
/// </summary>
public sealed record AutoAttackPart(int Count, AttackStage Clean, AttackStage[] Stages, SampleOutcome[] Samples, double Seconds, string[] WarningsBefore)
{
    /// <summary>The part of <paramref name="report"/> (evaluated without its own before-run checks).</summary>
    public static AutoAttackPart Of(AutoAttackReport report, IReadOnlyList<string> warningsBefore)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(warningsBefore);
        return new(report.Count, report.Clean, [.. report.Stages], [.. report.Samples], report.Seconds, [.. warningsBefore]);
    }

    /// <summary>The report of consecutive parts (in order) as one run over all of them gives.</summary>
    public static AutoAttackReport Combine(AutoAttackOptions options, IReadOnlyList<AutoAttackPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return AutoAttackReport.Combine(options,
            parts.Select(p => new AutoAttackReport(options, p.Count, p.Clean, p.Stages, [], p.Samples, [], p.Seconds)).ToArray(),
            parts.Count == 0 ? [] : parts[0].WarningsBefore);
    }
}
