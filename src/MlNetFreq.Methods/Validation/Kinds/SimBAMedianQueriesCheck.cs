using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>SimBAMedianQueries</c>: the median queries SimBA needs to fool the model (unfooled images count as ∞).</summary>
public sealed class SimBAMedianQueriesCheck : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => CheckKind.SimBAMedianQueries;

    /// <inheritdoc />
    public override string Description => "Median SimBA queries to fool the model (default simba-dct; higher is more robust; unfooled images count as ∞).";

    /// <inheritdoc />
    public override bool MeasuresShare => false;

    /// <inheritdoc />
    public override AttackOptions? DefaultAttack => new SimBADctOptions();

    /// <inheritdoc />
    public override string? RefuseAttack(AttackOptions attack) =>
        attack is SimBAOptions ? null : $"a SimBAMedianQueries check takes a simba or simba-dct attack, found {Descriptors.MethodRegistry.Of(attack).Name}.";

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Labels.Length;
        var result = input.Check.AttackOrDefault()!.Create(input.Model).Run(input.Images, input.Labels, input.Indices);
        return new CheckMeasurement { Images = n, Queries = [.. Enumerable.Range(0, n).Select(i => result.Success[i] ? result.Iterations[i] : int.MaxValue)] };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        return CheckResults.Value(check, AttackResult.Median(measurement.Queries!), measurement.Images, "median queries to success (unfooled images count as ∞)");
    }
}
