using System.Globalization;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>LowPassAccuracy</c> and <c>HighPassAccuracy</c>: accuracy on the low- or high-pass images at the check's cut-off.</summary>
public sealed class FilteredAccuracyCheck(bool low) : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => low ? CheckKind.LowPassAccuracy : CheckKind.HighPassAccuracy;

    /// <inheritdoc />
    public override string Description => $"Accuracy on {(low ? "low" : "high")}-pass images at the check's radius (Wilson 95 % interval; diagnostic: a filtered-accuracy record for the basis).";

    /// <inheritdoc />
    public override bool IsProportion => true;

    /// <inheritdoc />
    public override Type? DiagnosticType => typeof(FilteredAccuracyOptions);

    /// <inheritdoc />
    public override bool NeedsRadius => true;

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new CheckMeasurement { Images = input.Labels.Length, Filtered = new FilteredAccuracy(input.Model, Options(input.Check)).Evaluate(input.Images, input.Labels) };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        var point = measurement.Filtered!.Points[0];
        return CheckResults.Proportion(check, (int)(low ? point.LowCorrect : point.HighCorrect), measurement.Images,
            $"top-1 on {(low ? "low" : "high")}-pass images, {Options(check).Basis.ToString().ToLowerInvariant()} basis, r = {point.Radius}");
    }

    // The diagnostic's basis at the check's one cut-off.
    private static FilteredAccuracyOptions Options(ValidationCheck check) =>
        (check.Diagnostic as FilteredAccuracyOptions ?? new FilteredAccuracyOptions()) with { Radii = RadiusList.Parse(check.Radius!.Value.ToString("R", CultureInfo.InvariantCulture)) };
}
