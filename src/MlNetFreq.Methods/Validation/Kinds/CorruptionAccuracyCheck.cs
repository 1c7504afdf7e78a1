using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary>
/// <c>CorruptionAccuracy</c> and <c>WorstCorruptionGroupAccuracy</c>: the mean accuracy over the common corruptions and
/// severities, or that of the worst measured frequency group.
/// </summary>
public sealed class CorruptionAccuracyCheck(bool worstGroup) : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => worstGroup ? CheckKind.WorstCorruptionGroupAccuracy : CheckKind.CorruptionAccuracy;

    /// <inheritdoc />
    public override string Description => worstGroup
        ? "Mean accuracy of the worst measured frequency group of corruptions (low, middle or high third of the bands; diagnostic: a corruption-accuracy record)."
        : "Mean accuracy over the common corruptions and severities (diagnostic: a corruption-accuracy record).";

    /// <inheritdoc />
    public override Type? DiagnosticType => typeof(CorruptionAccuracyOptions);

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = input.Check.Diagnostic as CorruptionAccuracyOptions ?? new CorruptionAccuracyOptions();
        return new CheckMeasurement { Images = input.Labels.Length, Corruptions = new CorruptionAccuracy(input.Model, options).Evaluate(input.Images, input.Labels, input.FirstIndex) };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        var table = measurement.Corruptions!;
        if (!worstGroup)
        {
            return CheckResults.Value(check, table.MeanAccuracy, measurement.Images, $"mean over {table.Rows.Count} corruption and severity settings");
        }

        var worst = table.WorstGroup;
        return CheckResults.Value(check, worst.MeanAccuracy, measurement.Images, $"{worst.Group.ToString().ToLowerInvariant()}-frequency group ({worst.Rows} settings, grouped by measured RCT)");
    }
}
