namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// The report of an attack run as the tools write it (<c>mlnetfreq attack --report</c>, a cluster job's merged report):
/// one record per sample and a summary. One shape, and no timings (they are printed, not stored), so a sharded run's report
/// is byte for byte a one-machine run's.
/// </summary>
public static class AttackReport
{
    /// <summary>Success rate, mean L2 and L∞, median queries or iterations.</summary>
    public static Dictionary<string, double> Summary(AttackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Dictionary<string, double>
        {
            ["success_rate"] = result.SuccessRate,
            ["mean_l2"] = result.L2.DefaultIfEmpty().Average(),
            ["mean_linf"] = result.Linf.DefaultIfEmpty().Average(),
            ["median_queries"] = result.MedianIterations,
        };
    }

    /// <summary>One record per sample: index, success, L∞, L2, queries, clean and adversarial class.</summary>
    public static IReadOnlyList<Dictionary<string, object>> Samples(AttackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Enumerable.Range(0, result.Count).Select(i => new Dictionary<string, object>
        {
            ["index"] = i, ["success"] = result.Success[i], ["linf"] = result.Linf[i], ["l2"] = result.L2[i], ["queries"] = result.Iterations[i],
            ["clean_class"] = result.CleanClass[i], ["adversarial_class"] = result.AdversarialClass[i],
        }).ToArray();
    }

    /// <summary>The whole report: <c>{"samples": […], "summary": {…}}</c>.</summary>
    public static object Of(AttackResult result) => new Dictionary<string, object> { ["samples"] = Samples(result), ["summary"] = Summary(result) };
}
