using MlNetFreq.Methods.Validation;

namespace MlNetFreq.Methods.Robustness;

/// <summary>Robust accuracy after one attack of the ensemble, with its Wilson 95 % interval.</summary>
public sealed record AttackStage(string Attack, int Robust, double Accuracy, double Lower, double Upper);

/// <summary>One sample's outcome: robust, or which attack broke it (<c>clean</c>: misclassified unattacked), with its perturbation's norms.</summary>
public sealed record SampleOutcome(int Index, bool Robust, string? BrokenBy, double Linf, double L2, IReadOnlyDictionary<string, int> Iterations);

/// <summary>
/// The result of <see cref="AutoAttack.Evaluate"/>: clean accuracy and robust accuracy after each attack (the reference's
/// log), the sanity-check warnings, per-sample outcomes and the adversarial images.
/// </summary>
public sealed record AutoAttackReport(
    AutoAttackOptions Options,
    int Count,
    AttackStage Clean,
    IReadOnlyList<AttackStage> Stages,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<SampleOutcome> Samples,
    float[] Adversarial,
    double Seconds)
{
    /// <summary>Robust accuracy after the last attack.</summary>
    public double RobustAccuracy => Stages.Count == 0 ? Clean.Accuracy : Stages[^1].Accuracy;

    /// <summary>
    /// The report of consecutive parts of one data set (cluster shards, in order) as one run over all of it gives:
    /// counts added, intervals and the after-run checks recomputed on the totals, samples renumbered, the before-run
    /// warnings <paramref name="warningsBefore"/> (computed once on the data's first images) first. Adversarial images
    /// are not carried (the parts write their own).
    /// </summary>
    public static AutoAttackReport Combine(AutoAttackOptions options, IReadOnlyList<AutoAttackReport> parts, IReadOnlyList<string> warningsBefore)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(warningsBefore);
        int n = parts.Sum(p => p.Count), clean = parts.Sum(p => p.Clean.Robust);
        string[] attacks = parts.Count == 0 ? [] : parts[0].Stages.Select(s => s.Attack).ToArray();
        if (parts.Any(p => !p.Stages.Select(s => s.Attack).SequenceEqual(attacks)))
        {
            throw new ArgumentException($"the parts ran different attacks (expected {string.Join(", ", attacks)} in each).");
        }

        var robustAfter = attacks.ToDictionary(a => a, a => parts.Sum(p => p.Stages.Single(s => s.Attack == a).Robust));
        var samples = new List<SampleOutcome>(n);
        foreach (var part in parts)
        {
            int offset = samples.Count;
            samples.AddRange(part.Samples.Select(s => s with { Index = offset + s.Index }));
        }

        var warnings = warningsBefore.Concat(SanityChecks.AfterRun(n, clean, robustAfter)).ToArray();
        return new AutoAttackReport(options, n, Stage("clean", clean, n), attacks.Select(a => Stage(a, robustAfter[a], n)).ToArray(),
            warnings, samples, [], parts.Sum(p => p.Seconds));
    }

    /// <summary>
    /// The report as <c>mlnetfreq autoattack --report</c> writes it: provenance (model and data SHA-256), the log with
    /// Wilson intervals, warnings and per-sample outcomes. No timings or pass counts (they depend on the machine and the
    /// split, and are printed instead), so a sharded or resumed run writes one run's bytes.
    /// </summary>
    public object ToDocument(string modelPath, string modelSha256, string dataSha256) => new
    {
        tool_version = typeof(AutoAttack).Assembly.GetName().Version?.ToString(),
        model = modelPath,
        model_sha256 = modelSha256,
        data_sha256 = dataSha256,
        options = System.Text.Json.JsonSerializer.SerializeToElement<AttackOptions>(Options),
        images = Count,
        clean_accuracy = StageDocument(Clean),
        log = Stages.Select(StageDocument).ToArray(),
        robust_accuracy = RobustAccuracy,
        warnings = Warnings,
        samples = Samples.Select(s => new { index = s.Index, robust = s.Robust, broken_by = s.BrokenBy, linf = s.Linf, l2 = s.L2, iterations = s.Iterations }),
    };

    private static object StageDocument(AttackStage s) => new { attack = s.Attack, robust = s.Robust, accuracy = s.Accuracy, wilson95 = new[] { s.Lower, s.Upper } };

    private static AttackStage Stage(string name, int robust, int n)
    {
        var (lower, upper) = WilsonInterval.Of(robust, n);
        return new AttackStage(name, robust, n == 0 ? 0 : robust / (double)n, lower, upper);
    }

    internal static AutoAttackReport From(AutoAttackOptions options, AutoAttackState state, float[] images, List<string> warnings, double seconds)
    {
        int n = state.BrokenBy.Length, len = n == 0 ? 0 : images.Length / n;
        var samples = new SampleOutcome[n];
        for (int i = 0; i < n; i++)
        {
            double linf = 0, l2 = 0;
            for (int j = i * len; j < (i + 1) * len; j++)
            {
                double d = state.Adversarial[j] - images[j];
                linf = Math.Max(linf, Math.Abs(d));
                l2 += d * d;
            }

            samples[i] = new SampleOutcome(i, state.BrokenBy[i] is null, state.BrokenBy[i], linf, Math.Sqrt(l2), state.Iterations[i]);
        }

        return new AutoAttackReport(options, n, Stage("clean", state.CleanCorrect, n),
            state.Finished.Select(a => Stage(a, state.RobustAfter[a], n)).ToArray(), warnings, samples, state.Adversarial, seconds);
    }
}
