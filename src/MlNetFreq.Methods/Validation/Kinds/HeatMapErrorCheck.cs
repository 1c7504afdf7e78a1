using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>HeatMapMeanError</c> and <c>HeatMapMaxError</c>: the mean or the largest error of the Fourier heat map.</summary>
public sealed class HeatMapErrorCheck(bool mean) : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => mean ? CheckKind.HeatMapMeanError : CheckKind.HeatMapMaxError;

    /// <inheritdoc />
    public override string Description => mean
        ? "Mean error rate of the Fourier heat map over its cells (diagnostic: a fourier-heatmap record)."
        : "Largest error rate of the Fourier heat map: the most damaging frequency (diagnostic: a fourier-heatmap record).";

    /// <inheritdoc />
    public override Type? DiagnosticType => typeof(FourierHeatMapOptions);

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = input.Check.Diagnostic as FourierHeatMapOptions ?? new FourierHeatMapOptions();
        return new CheckMeasurement { Images = input.Labels.Length, HeatMap = new FourierHeatMap(input.Model, options).Evaluate(input.Images, input.Labels, input.FirstIndex) };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        var options = check.Diagnostic as FourierHeatMapOptions ?? new FourierHeatMapOptions();
        var map = measurement.HeatMap!;
        return CheckResults.Value(check, mean ? map.MeanError : map.MaxError, measurement.Images,
            $"{(mean ? "mean" : "largest")} error over the {map.MapHeight} × {map.MapWidth} map, {MethodRegistry.Of(options).Describe(options)}; clean error {map.CleanError:F4}");
    }
}
