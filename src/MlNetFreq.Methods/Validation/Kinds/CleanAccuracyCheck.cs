using MlNetFreq.Methods.Attribution;
using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary><c>CleanAccuracy</c>: top-1 accuracy on the clean images.</summary>
public sealed class CleanAccuracyCheck : CheckKindDefinition
{
    /// <inheritdoc />
    public override CheckKind Kind => CheckKind.CleanAccuracy;

    /// <inheritdoc />
    public override string Description => "Top-1 accuracy on the clean images (Wilson 95 % interval).";

    /// <inheritdoc />
    public override bool IsProportion => true;

    /// <inheritdoc />
    public override CheckMeasurement Measure(CheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = input.Labels.Length;
        return new CheckMeasurement { Images = n, Successes = Logits.Correct(input.Model.Forward(input.Images, n), input.Labels, input.Model.Classes) };
    }

    /// <inheritdoc />
    public override CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        return CheckResults.Proportion(check, (int)measurement.Successes, measurement.Images, "top-1 on clean images");
    }
}
