using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Onnx.Losses;
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
        int n = labels.Length;
        long[] indices = [.. Enumerable.Range(0, n).Select(i => firstIndex + i)];
        var measured = new CheckMeasurement { Images = n };
        switch (check.Kind)
        {
            case CheckKind.CleanAccuracy:
                return measured with { Successes = Logits.Correct(model.Forward(images, n), labels, model.Classes) };

            case CheckKind.RobustAccuracy:
                {
                    // A gradient attack's number is only as good as the model's gradients: the part that starts at the
                    // check's first image runs the reference's sanity checks on its first images, as AutoAttack does.
                    var attack = check.AttackOrDefault()!;
                    string[]? warnings = null;
                    if (attack.UsesGradients && firstIndex == 0)
                    {
                        var (x, y) = sanityImages();
                        warnings = [.. SanityChecks.BeforeRun(model, x, y, [MethodRegistry.Of(attack).Name])];
                    }

                    return measured with { Successes = attack.Create(model).Run(images, labels, indices).Success.Count(s => !s), Warnings = warnings };
                }

            case CheckKind.HighFrequencyReliance:
                return measured with { Attribution = new OccludedFrequency(model).Explain(images, n, indices), Labels = labels.ToArray() };

            case CheckKind.AutoAttack:
                {
                    var options = (AutoAttackOptions)check.AttackOrDefault()!;
                    IReadOnlyList<string> before = [];
                    if (firstIndex == 0)
                    {
                        var (x, y) = sanityImages();
                        before = SanityChecks.BeforeRun(model, x, y, options.Plan(model.Classes).Select(p => p.Name).ToArray());
                    }

                    var report = new AutoAttack(model, options) { CheckBeforeRun = false }.Evaluate(images, labels, firstIndex: firstIndex);
                    return measured with { AutoAttack = [AutoAttackPart.Of(report, before)] };
                }

            case CheckKind.HeatMapMeanError or CheckKind.HeatMapMaxError:
                return measured with { HeatMap = new FourierHeatMap(model, check.Diagnostic as FourierHeatMapOptions ?? new FourierHeatMapOptions()).Evaluate(images, labels, firstIndex) };

            case CheckKind.LowPassAccuracy or CheckKind.HighPassAccuracy:
                return measured with { Filtered = new FilteredAccuracy(model, FilteredOptions(check)).Evaluate(images, labels) };

            case CheckKind.CorruptionAccuracy or CheckKind.WorstCorruptionGroupAccuracy:
                return measured with { Corruptions = new CorruptionAccuracy(model, check.Diagnostic as CorruptionAccuracyOptions ?? new CorruptionAccuracyOptions()).Evaluate(images, labels, firstIndex) };

            case CheckKind.SimBAMedianQueries:
                {
                    var result = check.AttackOrDefault()!.Create(model).Run(images, labels, indices);
                    return measured with { Queries = [.. Enumerable.Range(0, n).Select(i => result.Success[i] ? result.Iterations[i] : int.MaxValue)] };
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(check), check.Kind, $"check '{check.Name}': no measurement for kind {check.Kind}.");
        }
    }

    /// <summary>The check's result from its (merged) measurement; <paramref name="attribution"/> is the OF profile of a high-frequency reliance check.</summary>
    public static CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(measurement);
        attribution = null;
        int n = measurement.Images;
        switch (check.Kind)
        {
            case CheckKind.CleanAccuracy:
                return Proportion(check, (int)measurement.Successes, n, "top-1 on clean images");

            case CheckKind.RobustAccuracy:
                {
                    var attack = check.AttackOrDefault()!;
                    return WithWarnings(check, Proportion(check, (int)measurement.Successes, n, MethodRegistry.Of(attack).Describe(attack)), measurement.Warnings);
                }

            case CheckKind.HighFrequencyReliance:
                {
                    var of = measurement.Attribution!;
                    attribution = AttributionProfile.From(of, measurement.Labels, of.Classes);
                    return Value(check, attribution.HighFrequencyReliance, n, "share of positive OF mass in the upper half of the bands");
                }

            case CheckKind.AutoAttack:
                {
                    var options = (AutoAttackOptions)check.AttackOrDefault()!;
                    var report = AutoAttackPart.Combine(options, measurement.AutoAttack!);
                    int robust = report.Samples.Count(s => s.Robust);
                    return WithWarnings(check, Proportion(check, robust, n, MethodRegistry.Of(options).Describe(options)), report.Warnings) with { Log = report.Stages };
                }

            case CheckKind.HeatMapMeanError or CheckKind.HeatMapMaxError:
                {
                    var options = check.Diagnostic as FourierHeatMapOptions ?? new FourierHeatMapOptions();
                    var map = measurement.HeatMap!;
                    bool mean = check.Kind == CheckKind.HeatMapMeanError;
                    return Value(check, mean ? map.MeanError : map.MaxError, n,
                        $"{(mean ? "mean" : "largest")} error over the {map.MapHeight} × {map.MapWidth} map, {MethodRegistry.Of(options).Describe(options)}; clean error {map.CleanError:F4}");
                }

            case CheckKind.LowPassAccuracy or CheckKind.HighPassAccuracy:
                {
                    var options = FilteredOptions(check);
                    var point = measurement.Filtered!.Points[0];
                    bool low = check.Kind == CheckKind.LowPassAccuracy;
                    return Proportion(check, (int)(low ? point.LowCorrect : point.HighCorrect), n, $"top-1 on {(low ? "low" : "high")}-pass images, {options.Basis.ToString().ToLowerInvariant()} basis, r = {point.Radius}");
                }

            case CheckKind.CorruptionAccuracy:
                {
                    var table = measurement.Corruptions!;
                    return Value(check, table.MeanAccuracy, n, $"mean over {table.Rows.Count} corruption and severity settings");
                }

            case CheckKind.WorstCorruptionGroupAccuracy:
                {
                    var worst = measurement.Corruptions!.WorstGroup;
                    return Value(check, worst.MeanAccuracy, n, $"{worst.Group.ToString().ToLowerInvariant()}-frequency group ({worst.Rows} settings, grouped by measured RCT)");
                }

            case CheckKind.SimBAMedianQueries:
                return Value(check, AttackResult.Median(measurement.Queries!), n, "median queries to success (unfooled images count as ∞)");

            default:
                throw new ArgumentOutOfRangeException(nameof(check), check.Kind, $"check '{check.Name}': no decision for kind {check.Kind}.");
        }
    }

    private static FilteredAccuracyOptions FilteredOptions(ValidationCheck check) =>
        (check.Diagnostic as FilteredAccuracyOptions ?? new FilteredAccuracyOptions()) with { Radii = RadiusList.Parse(check.Radius!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) };

    // The sanity warnings on the result; with fail-on-warnings any warning fails the check, whatever its bounds say.
    private static CheckResult WithWarnings(ValidationCheck check, CheckResult result, IReadOnlyList<string>? warnings)
    {
        bool failed = check.FailOnWarnings && warnings is { Count: > 0 };
        return result with
        {
            Passed = result.Passed && !failed,
            Detail = failed ? $"{result.Detail}; failed on {warnings!.Count} warning(s)" : result.Detail,
            Warnings = warnings,
        };
    }

    private static CheckResult Proportion(ValidationCheck check, int successes, int n, string detail)
    {
        var (lower, upper) = WilsonInterval.Of(successes, n);
        double value = successes / (double)n;
        double decided = check.Decision switch { CheckDecision.LowerBound => lower, CheckDecision.UpperBound => upper, _ => value };
        bool passed = !(check.Min is { } min && decided < min) && !(check.Max is { } max && decided > max);
        return new CheckResult(check.Name, check.Kind, value, lower, upper, check.Min, check.Max, n, passed, detail, check.Decision);
    }

    private static CheckResult Value(ValidationCheck check, double value, int n, string detail)
    {
        bool passed = !(check.Min is { } min && value < min) && !(check.Max is { } max && value > max);
        return new CheckResult(check.Name, check.Kind, value, null, null, check.Min, check.Max, n, passed, detail);
    }
}
