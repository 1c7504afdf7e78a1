using MlNetFreq.Methods.Attribution;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>HighFrequencyReliance</c>: the share of positive Occluded Frequency mass in the upper half of the bands.</summary>
public sealed class HighFrequencyRelianceCheck : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => CheckKind.HighFrequencyReliance;

    /// <inheritdoc />
    public override string Description => "High-frequency reliance index of the mean Occluded Frequency profile (share of positive mass in the upper half of the bands).";

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Labels.Length;
        return new CheckMeasurement { Images = n, Attribution = new OccludedFrequency(input.Model).Explain(input.Images, n, input.Indices), Labels = input.Labels };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var of = measurement.Attribution!;
        attribution = AttributionProfile.From(of, measurement.Labels, of.Classes);
        return CheckResults.Value(check, attribution.HighFrequencyReliance, measurement.Images, "share of positive OF mass in the upper half of the bands");
    }
}
