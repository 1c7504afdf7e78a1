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

    internal static AutoAttackReport From(AutoAttackOptions options, AutoAttackState state, float[] images, List<string> warnings, double seconds)
    {
        int n = state.BrokenBy.Length, len = n == 0 ? 0 : images.Length / n;
        AttackStage Stage(string name, int robust)
        {
            var (lower, upper) = WilsonInterval.Of(robust, n);
            return new AttackStage(name, robust, n == 0 ? 0 : robust / (double)n, lower, upper);
        }

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

        return new AutoAttackReport(options, n, Stage("clean", state.CleanCorrect),
            state.Finished.Select(a => Stage(a, state.RobustAfter[a])).ToArray(), warnings, samples, state.Adversarial, seconds);
    }
}
