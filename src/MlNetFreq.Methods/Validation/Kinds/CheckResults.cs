namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary>How a measured number becomes a check's result: a proportion (Wilson interval, decision rule) or a value.</summary>
internal static class CheckResults
{
    public static CheckResult Proportion(ValidationCheck check, int successes, int n, string detail)
    {
        var (lower, upper) = WilsonInterval.Of(successes, n);
        double value = successes / (double)n;
        double decided = check.Decision switch { CheckDecision.LowerBound => lower, CheckDecision.UpperBound => upper, _ => value };
        bool passed = !(check.Min is { } min && decided < min) && !(check.Max is { } max && decided > max);
        return new CheckResult(check.Name, check.Kind, value, lower, upper, check.Min, check.Max, n, passed, detail, check.Decision);
    }

    public static CheckResult Value(ValidationCheck check, double value, int n, string detail)
    {
        bool passed = !(check.Min is { } min && value < min) && !(check.Max is { } max && value > max);
        return new CheckResult(check.Name, check.Kind, value, null, null, check.Min, check.Max, n, passed, detail);
    }

    // The sanity warnings on the result; with fail-on-warnings any warning fails the check, whatever its bounds say.
    public static CheckResult WithWarnings(ValidationCheck check, CheckResult result, IReadOnlyList<string>? warnings)
    {
        bool failed = check.FailOnWarnings && warnings is { Count: > 0 };
        return result with
        {
            Passed = result.Passed && !failed,
            Detail = failed ? $"{result.Detail}; failed on {warnings!.Count} warning(s)" : result.Detail,
            Warnings = warnings,
        };
    }
}
