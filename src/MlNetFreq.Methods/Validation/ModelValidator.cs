using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Validation;

/// <summary>Outcome of one check.</summary>
public sealed record CheckResult(string Name, CheckKind Kind, double Value, double? Lower, double? Upper, double? Min, double? Max, int Images, bool Passed, string Detail, CheckDecision Decision = CheckDecision.Estimate)
{
    /// <summary>AutoAttack checks: robust accuracy after each attack (the reference's log).</summary>
    public IReadOnlyList<Robustness.AttackStage>? Log { get; init; }

    /// <summary>AutoAttack checks: the sanity checks' warnings.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>Outcome of a policy: every check and whether all passed; the OF profile is kept for figures.</summary>
public sealed record ValidationReport(IReadOnlyList<CheckResult> Checks, AttributionProfile? Attribution)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>Runs a <see cref="ValidationPolicy"/> on a model and labelled images: the model-validation gate, as a C# API.</summary>
public static class ModelValidator
{
    /// <summary>Runs every check; <paramref name="progress"/> gets the name of the check starting.</summary>
    public static ValidationReport Run(ModelSession model, ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ValidationPolicy policy, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate(); // fail closed: no checks, a check without a bound or a misplaced option is an error, never a pass
        int len = model.Channels * model.Height * model.Width;
        int available = Math.Min(labels.Length, policy.Limit);
        var results = new List<CheckResult>();
        AttributionProfile? attribution = null;
        foreach (var check in policy.Checks)
        {
            progress?.Invoke(check.Name);
            int n = check.Images is { } wanted ? Math.Min(wanted, available) : available;
            var x = images[..(n * len)];
            var y = labels[..n];
            switch (check.Kind)
            {
                case CheckKind.CleanAccuracy:
                    {
                        int right = Logits.Correct(model.Forward(x, n), y, model.Classes);
                        results.Add(Proportion(check, right, n, "top-1 on clean images"));
                        break;
                    }

                case CheckKind.RobustAccuracy:
                    {
                        var attack = check.Attack ?? new PgdOptions();
                        var result = attack.Create(model).Run(x, y);
                        int right = result.Success.Count(s => !s);
                        results.Add(Proportion(check, right, n, MethodRegistry.Of(attack).Describe(attack)));
                        break;
                    }

                case CheckKind.HighFrequencyReliance:
                    {
                        var of = new OccludedFrequency(model).Explain(x, n);
                        attribution = AttributionProfile.From(of, y, model.Classes);
                        results.Add(Value(check, attribution.HighFrequencyReliance, n, "share of positive OF mass in the upper half of the bands"));
                        break;
                    }

                case CheckKind.AutoAttack:
                    {
                        var options = check.Attack as AutoAttackOptions ?? new AutoAttackOptions();
                        var report = new Robustness.AutoAttack(model, options).Evaluate(x, y);
                        int robust = report.Samples.Count(s => s.Robust);
                        var result = Proportion(check, robust, n, MethodRegistry.Of(options).Describe(options));
                        bool warned = check.FailOnWarnings && report.Warnings.Count > 0;
                        results.Add(result with
                        {
                            Passed = result.Passed && !warned,
                            Detail = warned ? $"{result.Detail}; failed on {report.Warnings.Count} warning(s)" : result.Detail,
                            Log = report.Stages,
                            Warnings = report.Warnings,
                        });
                        break;
                    }

                case CheckKind.HeatMapMeanError or CheckKind.HeatMapMaxError:
                    {
                        var options = check.Diagnostic as FourierHeatMapOptions ?? new FourierHeatMapOptions();
                        var map = new FourierHeatMap(model, options).Evaluate(x, y);
                        bool mean = check.Kind == CheckKind.HeatMapMeanError;
                        results.Add(Value(check, mean ? map.MeanError : map.MaxError, n,
                            $"{(mean ? "mean" : "largest")} error over the {map.MapHeight} × {map.MapWidth} map, {MethodRegistry.Of(options).Describe(options)}; clean error {map.CleanError:F4}"));
                        break;
                    }

                case CheckKind.LowPassAccuracy or CheckKind.HighPassAccuracy:
                    {
                        var options = (check.Diagnostic as FilteredAccuracyOptions ?? new FilteredAccuracyOptions()) with { Radii = RadiusList.Parse(check.Radius!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) };
                        var point = new FilteredAccuracy(model, options).Evaluate(x, y).Points[0];
                        bool low = check.Kind == CheckKind.LowPassAccuracy;
                        results.Add(Proportion(check, (int)(low ? point.LowCorrect : point.HighCorrect), n, $"top-1 on {(low ? "low" : "high")}-pass images, {options.Basis.ToString().ToLowerInvariant()} basis, r = {point.Radius}"));
                        break;
                    }

                case CheckKind.CorruptionAccuracy or CheckKind.WorstCorruptionGroupAccuracy:
                    {
                        var options = check.Diagnostic as CorruptionAccuracyOptions ?? new CorruptionAccuracyOptions();
                        var table = new CorruptionAccuracy(model, options).Evaluate(x, y);
                        if (check.Kind == CheckKind.CorruptionAccuracy)
                        {
                            results.Add(Value(check, table.MeanAccuracy, n, $"mean over {table.Rows.Count} corruption and severity settings"));
                        }
                        else
                        {
                            var worst = table.WorstGroup;
                            results.Add(Value(check, worst.MeanAccuracy, n, $"{worst.Group.ToString().ToLowerInvariant()}-frequency group ({worst.Rows} settings, grouped by measured RCT)"));
                        }

                        break;
                    }

                case CheckKind.SimBAMedianQueries:
                    {
                        var simba = check.Attack ?? new SimBADctOptions();
                        var result = simba.Create(model).Run(x, y);
                        double median = AttackResult.Median(Enumerable.Range(0, n).Select(i => result.Success[i] ? result.Iterations[i] : int.MaxValue));
                        results.Add(Value(check, median, n, "median queries to success (unfooled images count as ∞)"));
                        break;
                    }
            }
        }

        return new ValidationReport(results, attribution);
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
