using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Robustness;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>AutoAttack</c>: robust accuracy under the AutoAttack ensemble, with the per-attack log and its sanity warnings.</summary>
public sealed class AutoAttackCheck : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => CheckKind.AutoAttack;

    /// <inheritdoc />
    public override string Description => "Robust accuracy under the AutoAttack ensemble (default standard L∞ 8/255; Wilson 95 % interval), with the per-attack log; fail-on-warnings fails it on the sanity warnings.";

    /// <inheritdoc />
    public override bool IsProportion => true;

    /// <inheritdoc />
    public override AttackOptions? DefaultAttack => new AutoAttackOptions();

    /// <inheritdoc />
    public override string? RefuseAttack(AttackOptions attack) =>
        attack is AutoAttackOptions ? null : $"an AutoAttack check takes an autoattack attack (norm, eps, version, attacks), found {MethodRegistry.Of(attack).Name}.";

    /// <inheritdoc />
    public override string? RefuseFailOnWarnings(ValidationCheck check) => null;

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = (AutoAttackOptions)input.Check.AttackOrDefault()!;
        IReadOnlyList<string> before = [];
        if (input.FirstIndex == 0)
        {
            var (x, y) = input.SanityImages();
            before = SanityChecks.BeforeRun(input.Model, x, y, options.Plan(input.Model.Classes).Select(p => p.Name).ToArray());
        }

        var report = new AutoAttack(input.Model, options) { CheckBeforeRun = false }.Evaluate(input.Images, input.Labels, firstIndex: input.FirstIndex);
        return new CheckMeasurement { Images = input.Labels.Length, AutoAttack = [AutoAttackPart.Of(report, before)] };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        var options = (AutoAttackOptions)check.AttackOrDefault()!;
        var report = AutoAttackPart.Combine(options, measurement.AutoAttack!);
        int robust = report.Samples.Count(s => s.Robust);
        return CheckResults.WithWarnings(check, CheckResults.Proportion(check, robust, measurement.Images, MethodRegistry.Of(options).Describe(options)), report.Warnings) with { Log = report.Stages };
    }
}
