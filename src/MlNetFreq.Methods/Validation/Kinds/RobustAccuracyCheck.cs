using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Robustness;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>RobustAccuracy</c>: accuracy on the adversarial images of any registered attack (default: PGD).</summary>
public sealed class RobustAccuracyCheck : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => CheckKind.RobustAccuracy;

    /// <inheritdoc />
    public override string Description => "Accuracy on the adversarial images of the check's attack (default pgd; Wilson 95 % interval); a gradient attack carries AutoAttack's sanity warnings.";

    /// <inheritdoc />
    public override bool IsProportion => true;

    /// <inheritdoc />
    public override AttackOptions? DefaultAttack => new PgdOptions();

    /// <inheritdoc />
    public override string? RefuseFailOnWarnings(ValidationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var attack = check.AttackOrDefault()!;
        return attack.UsesGradients ? null : $"fail-on-warnings applies to gradient attacks (the sanity checks look at the model's gradients), not to {MethodRegistry.Of(attack).Name}.";
    }

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // A gradient attack's number is only as good as the model's gradients: the part that starts at the check's
        // first image runs the reference's sanity checks on its first images, as AutoAttack does.
        var attack = input.Check.AttackOrDefault()!;
        string[]? warnings = null;
        if (attack.UsesGradients && input.FirstIndex == 0)
        {
            var (x, y) = input.SanityImages();
            warnings = [.. SanityChecks.BeforeRun(input.Model, x, y, [MethodRegistry.Of(attack).Name])];
        }

        var success = attack.Create(input.Model).Run(input.Images, input.Labels, input.Indices).Success;
        return new CheckMeasurement { Images = input.Labels.Length, Successes = success.Count(s => !s), Warnings = warnings };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        var attack = check.AttackOrDefault()!;
        return CheckResults.WithWarnings(check, CheckResults.Proportion(check, (int)measurement.Successes, measurement.Images, MethodRegistry.Of(attack).Describe(attack)), measurement.Warnings);
    }
}
