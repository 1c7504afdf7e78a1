using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Methods.Validation.Kinds;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Validation;

/// <summary>Outcome of one check.</summary>
public sealed record CheckResult(string Name, CheckKind Kind, double Value, double? Lower, double? Upper, double? Min, double? Max, int Images, bool Passed, string Detail, CheckDecision Decision = CheckDecision.Estimate)
{
    /// <summary>AutoAttack checks: robust accuracy after each attack (the reference's log).</summary>
    public IReadOnlyList<Robustness.AttackStage>? Log { get; init; }

    /// <summary>AutoAttack checks and RobustAccuracy checks under a gradient attack: the sanity checks' warnings.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>Outcome of a policy: every check and whether all passed; the OF profile is kept for figures.</summary>
public sealed record ValidationReport(IReadOnlyList<CheckResult> Checks, AttributionProfile? Attribution)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>
/// Runs a <see cref="ValidationPolicy"/> on a model and labelled images: the model-validation gate, as a C# API. Each
/// check is measured (<see cref="Measure"/>: counts and per-sample records over a run of images, which parts of a data
/// set measured apart merge into exactly) and then decided against its bounds (<see cref="Decide"/>).
/// </summary>
public static class ModelValidator
{
    /// <summary>Runs every check; <paramref name="progress"/> gets the name of the check starting.</summary>
    public static ValidationReport Run(ModelSession model, ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ValidationPolicy policy, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate(); // fail closed: no checks, a check without a bound or a misplaced option is an error, never a pass
        // The input contract, as on the command line: one image of the model's shape per label, finite pixels in
        // [0, 1], labels among its classes — a gate measured on bad data must not answer.
        ImageInputs.Check(model, images, labels);
        int len = model.Channels * model.Height * model.Width;
        int available = Math.Min(labels.Length, policy.Limit);
        policy.CheckAgainstData(available, model.Height, model.Width);
        var x = images[..(available * len)].ToArray();
        var y = labels[..available].ToArray();
        var results = new List<CheckResult>();
        AttributionProfile? attribution = null;
        foreach (var check in policy.Checks)
        {
            progress?.Invoke(check.Name);
            int n = ImagesFor(check, available);
            int sane = SanityImagesFor(check, available);
            var measurement = Measure(model, check, x.AsSpan(0, n * len), y.AsSpan(0, n), 0, () => (x[..(sane * len)], y[..sane]));
            results.Add(Decide(check, measurement, out var profile));
            attribution = profile ?? attribution;
        }

        return new ValidationReport(results, attribution);
    }

    /// <summary>Images <paramref name="check"/> uses when <paramref name="available"/> are read: its own count, capped.</summary>
    public static int ImagesFor(ValidationCheck check, int available)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Images is { } wanted ? Math.Min(wanted, available) : available;
    }

    /// <summary>
    /// The check's first images that AutoAttack's before-run sanity checks read (<see cref="SanityChecks.Sample"/> of
    /// them, or all when the check has fewer): counted on the whole check, whatever part of it a shard measures.
    /// </summary>
    public static int SanityImagesFor(ValidationCheck check, int available) => Math.Min(SanityChecks.Sample, ImagesFor(check, available));

    /// <summary>
    /// Measures <paramref name="check"/> on consecutive images of its data, the first of which has index
    /// <paramref name="firstIndex"/> there (per-sample seeds follow the index, so a part measures what a whole run
    /// measures on it). <paramref name="sanityImages"/> gives the check's first <see cref="SanityImagesFor"/> images:
    /// the part that starts at 0 runs AutoAttack's before-run sanity checks on them, as one run does.
    /// </summary>
    public static CheckMeasurement Measure(ModelSession model, ValidationCheck check, ReadOnlySpan<float> images, ReadOnlySpan<int> labels, long firstIndex,
        Func<(float[] Images, int[] Labels)> sanityImages)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(sanityImages);
        // The kind's own definition measures (Kinds/); the arrays are the part's images and labels.
        return CheckKinds.Of(check.Kind).Measure(new CheckInput(model, check, images.ToArray(), labels.ToArray(), firstIndex, sanityImages));
    }

    /// <summary>The check's result from its (merged) measurement; <paramref name="attribution"/> is the OF profile of a high-frequency reliance check.</summary>
    public static CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(measurement);
        return CheckKinds.Of(check.Kind).Decide(check, measurement, out attribution);
    }
}
