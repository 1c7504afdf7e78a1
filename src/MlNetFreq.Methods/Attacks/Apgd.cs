using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Threat model of the AutoAttack family: the norm that bounds δ = x′ − x.</summary>
    public enum PerturbationNorm
    {
        /// <summary>max |δ| ≤ ε.</summary>
        Linf,

        /// <summary>‖δ‖₂ ≤ ε.</summary>
        L2,
    }

    /// <summary>
    /// Options of <see cref="Apgd"/> with the cross-entropy loss, APGD-CE (defaults of the reference implementation
    /// <c>fra31/auto-attack</c>: 100 iterations, one restart, ρ = 0.75; ε = 8/255 is the CIFAR-10 L∞ budget).
    /// With <c>targeted</c>, labels are targets and the attack descends their cross-entropy.
    /// </summary>
    public record ApgdOptions : AttackOptions
    {
        /// <summary>Threat model.</summary>
        [MethodOption("norm", "Threat model: linf (max |δ| ≤ ε) or l2 (‖δ‖₂ ≤ ε).")]
        public PerturbationNorm Norm { get; init; } = PerturbationNorm.Linf;

        /// <summary>Budget ε of the norm.</summary>
        [MethodOption("eps", "Budget ε of the norm (8/255 is CIFAR-10's L∞ standard; 0.5 its L2 one).")]
        public double Eps { get; init; } = 8.0 / 255;

        /// <summary>Iterations N per run.</summary>
        [MethodOption("steps", "Iterations N per run; the step size is checked after ⌊0.22N⌋ iterations, then at intervals shorter by ⌊0.03N⌋ down to ⌊0.06N⌋.")]
        public int Steps { get; init; } = 100;

        /// <summary>Runs from independent random starts on the ε-sphere; a sample leaves once broken.</summary>
        [MethodOption("restarts", "Runs from independent random starts on the ε-sphere; a sample stops at its first success.")]
        public int Restarts { get; init; } = 1;

        /// <summary>Step halving when the loss rose in at most this share of the steps since the last checkpoint.</summary>
        [MethodOption("rho", "At a checkpoint the step is halved when the loss rose in at most this share of the steps since the last one.")]
        public double Rho { get; init; } = 0.75;

        /// <summary>The loss this record's method ascends.</summary>
        public virtual ApgdLoss Loss => ApgdLoss.CrossEntropy;

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override bool L2Budget => Norm == PerturbationNorm.L2;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new Apgd(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Budget().Concat(AtLeast(Steps, 1, "steps")).Concat(AtLeast(Restarts, 1, "restarts")).Concat(Fraction(Rho, "rho"))
                .Concat(Targeted && Loss != ApgdLoss.CrossEntropy ? [("targeted", "applies to apgd-ce only (apgd-t picks its own targets from the true labels).")] : []);
    }

    /// <summary>Options of APGD on the DLR loss (APGD-DLR), the reference's second untargeted run in the <c>plus</c> version.</summary>
    [OptionDoesNotApply("targeted")]
    public sealed record ApgdDlrOptions : ApgdOptions
    {
        /// <inheritdoc />
        public override ApgdLoss Loss => ApgdLoss.Dlr;
    }

    /// <summary>
    /// Options of APGD-T: APGD on the targeted DLR loss, once per target class — the highest non-true logits of the clean
    /// image, second-highest first (reference: 9 targets, one restart each).
    /// </summary>
    [OptionDoesNotApply("targeted")]
    public sealed record ApgdTargetedOptions : ApgdOptions
    {
        /// <summary>Target classes attacked in turn.</summary>
        [MethodOption("target-classes", "Target classes attacked in turn: the highest non-true logits of the clean image, second-highest first.")]
        public int TargetClasses { get; init; } = 9;

        /// <inheritdoc />
        public override ApgdLoss Loss => ApgdLoss.TargetedDlr;

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() => base.Problems().Concat(AtLeast(TargetClasses, 1, "target-classes"));
    }

    /// <summary>Loss ascended by APGD.</summary>
    public enum ApgdLoss
    {
        /// <summary>Cross-entropy of the true class (descended for a target when targeted).</summary>
        CrossEntropy,

        /// <summary>Difference of logits ratio, untargeted.</summary>
        Dlr,

        /// <summary>Targeted difference of logits ratio.</summary>
        TargetedDlr,
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Auto-PGD (Croce &amp; Hein, ICML 2020). Each run: a random start on the ε-sphere (L∞: x + ε·u/max|u| with u uniform in
    /// [−1, 1]; L2: x + ε·g/‖g‖₂ with g Gaussian; clipped to [0, 1]), first step 2ε, then
    /// z = P(x_k + η·d(∇L)), x_{k+1} = P(x_k + 0.75·(z − x_k) + 0.25·(x_k − x_{k−1})) with P the projection onto the ball and
    /// [0, 1] and d = sign (L∞) or ∇/‖∇‖₂ (L2). At each checkpoint (<see cref="Checkpoints"/>) a sample's step is halved and
    /// its iterate restarts from its best point when its loss rose in at most ρ·k of the k steps since the last one, or
    /// when the step was not halved last time and its best loss did not improve. As in the reference, the comparison
    /// before the first step is against a loss of 0. A sample is broken once any iterate is misclassified; broken samples
    /// leave the batch at once (the reference keeps computing them; the outcome is the same). Returns broken samples'
    /// adversarial points and unbroken samples' highest-loss points.
    /// </summary>
    public sealed class Apgd(ModelSession model, ApgdOptions? options = null) : Attack(model, options ?? new ApgdOptions())
    {
        private ApgdOptions Settings => (ApgdOptions)Options;

        /// <summary>
        /// Iteration counts (1-based) after which the step size is checked, for N iterations: the first after
        /// max(⌊0.22N⌋, 1), each next interval max(previous − max(⌊0.03N⌋, 1), max(⌊0.06N⌋, 1)) long. N = 100 gives
        /// 22, 41, 57, 70, 80, 87, 93, 99.
        /// </summary>
        public static IReadOnlyList<int> Checkpoints(int steps)
        {
            var list = new List<int>();
            int k = Math.Max((int)(0.22 * steps), 1), min = Math.Max((int)(0.06 * steps), 1), decrease = Math.Max((int)(0.03 * steps), 1);
            for (int at = k; at <= steps; k = Math.Max(k - decrease, min), at += k)
            {
                list.Add(at);
            }

            return list;
        }

        /// <summary>
        /// The reference's step-size rule at one checkpoint for one sample: <paramref name="losses"/> holds the loss after each
        /// of the k steps since the last checkpoint, preceded by the loss before them (0 before the first step). Halve when
        /// the loss rose in at most ρ·k steps, or when it was not halved last time and the best loss did not improve.
        /// </summary>
        public static bool HalveStep(ReadOnlySpan<float> losses, double rho, bool halvedLastTime, float bestAtLastCheck, float best)
        {
            int k = losses.Length - 1, rises = 0;
            for (int j = 1; j <= k; j++)
            {
                rises += losses[j] > losses[j - 1] ? 1 : 0;
            }

            return rises <= k * rho || (!halvedLastTime && bestAtLastCheck >= best);
        }

        /// <inheritdoc />
        protected override void CheckAgainstModel()
        {
            int needed = Settings.Loss switch { ApgdLoss.Dlr => 3, ApgdLoss.TargetedDlr => 4, _ => 2 };
            if (Model.Classes < needed)
            {
                throw new MethodOptionException("method", $"the {(Settings.Loss == ApgdLoss.Dlr ? "" : "targeted ")}DLR loss needs at least {needed} classes (it divides by z_π1 − z_π{needed - 1}{(needed == 4 ? "/z_π4" : "")}), the model has {Model.Classes}.");
            }

            if (Settings is ApgdTargetedOptions t && t.TargetClasses > Model.Classes - 1)
            {
                throw new MethodOptionException("target-classes", $"expected at most {Model.Classes - 1} (the model's classes other than the true one), found {t.TargetClasses}.");
            }
        }

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength, k = Model.Classes;
            var output = (float[])x.Clone();
            float[] clean = Model.Forward(x, rows);
            var robust = new bool[rows];
            for (int i = 0; i < rows; i++)
            {
                robust[i] = !IsSuccess(clean.AsSpan(i * k, k), labels[i]);
            }

            int targets = Settings is ApgdTargetedOptions t ? t.TargetClasses : 1;
            var best = new float[rows * len];
            var bestLoss = Enumerable.Repeat(float.NegativeInfinity, rows).ToArray();
            for (int target = 0; target < targets; target++)
            {
                for (int restart = 0; restart < Settings.Restarts; restart++)
                {
                    int[] rowsLeft = Enumerable.Range(0, rows).Where(i => robust[i]).ToArray();
                    if (rowsLeft.Length == 0)
                    {
                        return output;
                    }

                    int[]? targetClasses = Settings.Loss == ApgdLoss.TargetedDlr
                        ? rowsLeft.Select(i => Logits.Ranked(clean.AsSpan(i * k, k))[target + 1]).ToArray()
                        : null;
                    var run = new ApgdRun(this, Perturbations.GatherRows(x, rowsLeft, len), rowsLeft.Select(i => labels[i]).ToArray(), targetClasses,
                        rowsLeft.Select(i => indices[i]).ToArray(), target * Settings.Restarts + restart);
                    run.Execute(cancellation);
                    for (int r = 0; r < rowsLeft.Length; r++)
                    {
                        int i = rowsLeft[r];
                        iterations[i] += run.Iterations[r];
                        if (run.Broken[r])
                        {
                            robust[i] = false;
                            run.Adversarial.AsSpan(r * len, len).CopyTo(output.AsSpan(i * len, len));
                        }
                        else if (run.BestLoss[r] > bestLoss[i])
                        {
                            bestLoss[i] = run.BestLoss[r];
                            run.Best.AsSpan(r * len, len).CopyTo(best.AsSpan(i * len, len));
                        }
                    }
                }
            }

            for (int i = 0; i < rows; i++)
            {
                if (robust[i] && float.IsFinite(bestLoss[i]))
                {
                    best.AsSpan(i * len, len).CopyTo(output.AsSpan(i * len, len));
                }
            }

            return output;
        }

        // One APGD run over m samples; broken samples leave the model batch at once.
        private sealed class ApgdRun(Apgd attack, float[] x, int[] labels, int[]? targets, long[] indices, int purpose)
        {
            private readonly int _m = labels.Length;
            private readonly int _len = attack.ImageLength;

            public float[] Adversarial { get; } = new float[x.Length];

            public float[] Best { get; } = new float[x.Length];

            public float[] BestLoss { get; } = new float[labels.Length];

            public bool[] Broken { get; } = new bool[labels.Length];

            public int[] Iterations { get; } = new int[labels.Length];

            private ApgdOptions Settings => attack.Settings;

            public void Execute(CancellationToken cancellation)
            {
                int m = _m, len = _len, steps = Settings.Steps;
                bool l2 = Settings.Norm == PerturbationNorm.L2;
                double eps = Settings.Eps;
                var adv = Start();
                var grad = new float[x.Length];
                var loss = new float[m];
                var all = Enumerable.Range(0, m).ToArray();
                foreach (int r in Evaluate(adv, all, grad, loss))
                {
                    Broken[r] = true; // the random start itself is misclassified
                    adv.AsSpan(r * len, len).CopyTo(Adversarial.AsSpan(r * len, len));
                }

                adv.CopyTo(Best, 0);
                var gradBest = (float[])grad.Clone();
                loss.CopyTo(BestLoss, 0);
                var stepSize = Enumerable.Repeat(2 * eps, m).ToArray();
                var previous = (float[])adv.Clone();
                var history = new float[steps + 1, m]; // history[0] = 0: the reference compares the first step with 0
                var bestAtLastCheck = (float[])BestLoss.Clone();
                var halvedLastTime = Enumerable.Repeat(true, m).ToArray();
                var checkpoints = new HashSet<int>(Checkpoints(steps));
                int lastCheck = 0;
                for (int it = 0; it < steps; it++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    int[] active = all.Where(r => !Broken[r]).ToArray();
                    if (active.Length == 0)
                    {
                        break;
                    }

                    double momentum = it > 0 ? 0.75 : 1.0;
                    // Rows in parallel: the attack's own work between gradient runs, which otherwise leaves a core idle.
                    Parallel.For(0, active.Length, () => new float[len], (b, _, step) =>
                    {
                        int r = active[b];
                        var a = adv.AsSpan(r * len, len);
                        var old = previous.AsSpan(r * len, len);
                        var g = grad.AsSpan(r * len, len);
                        var x0 = x.AsSpan(r * len, len);
                        double scale = stepSize[r] / (l2 ? Perturbations.Norm(g, [], l2: true) + 1e-12 : 1);
                        for (int j = 0; j < len; j++)
                        {
                            step[j] = (float)(a[j] + scale * (l2 ? g[j] : MathF.Sign(g[j])));
                        }

                        Project(step, x0, eps, l2);
                        for (int j = 0; j < len; j++)
                        {
                            float current = a[j];
                            step[j] = (float)(current + momentum * (step[j] - current) + (1 - momentum) * (current - old[j]));
                            old[j] = current;
                        }

                        Project(step, x0, eps, l2);
                        step.CopyTo(a);
                        return step;
                    }, _ => { });

                    var broken = Evaluate(adv, active, grad, loss);
                    foreach (int r in active)
                    {
                        Iterations[r]++;
                        history[it + 1, r] = loss[r];
                        if (loss[r] > BestLoss[r])
                        {
                            BestLoss[r] = loss[r];
                            adv.AsSpan(r * len, len).CopyTo(Best.AsSpan(r * len, len));
                            grad.AsSpan(r * len, len).CopyTo(gradBest.AsSpan(r * len, len));
                        }
                    }

                    foreach (int r in broken)
                    {
                        Broken[r] = true;
                        adv.AsSpan(r * len, len).CopyTo(Adversarial.AsSpan(r * len, len));
                    }

                    if (checkpoints.Contains(it + 1))
                    {
                        var window = new float[it + 2 - lastCheck];
                        foreach (int r in active)
                        {
                            for (int j = 0; j < window.Length; j++)
                            {
                                window[j] = history[lastCheck + j, r];
                            }

                            bool halve = HalveStep(window, Settings.Rho, halvedLastTime[r], bestAtLastCheck[r], BestLoss[r]);
                            halvedLastTime[r] = halve;
                            bestAtLastCheck[r] = BestLoss[r];
                            if (halve)
                            {
                                stepSize[r] /= 2;
                                Best.AsSpan(r * len, len).CopyTo(adv.AsSpan(r * len, len));
                                gradBest.AsSpan(r * len, len).CopyTo(grad.AsSpan(r * len, len));
                            }
                        }

                        lastCheck = it + 1;
                    }
                }
            }

            private float[] Start()
            {
                var adv = new float[x.Length];
                for (int r = 0; r < _m; r++)
                {
                    Perturbations.SphereStart(adv.AsSpan(r * _len, _len), x.AsSpan(r * _len, _len), Settings.Eps,
                        SeededRandom.For(attack.Seed, indices[r], purpose), Settings.Norm == PerturbationNorm.L2);
                }

                return adv;
            }

            // Loss and gradient at the given rows of adv (one model batch); returns the rows now misclassified.
            private List<int> Evaluate(float[] adv, int[] rows, float[] grad, float[] loss)
            {
                int len = _len, k = attack.Model.Classes, n = rows.Length;
                var batch = Perturbations.GatherRows(adv, rows, len);
                int[] y = rows.Select(r => labels[r]).ToArray();
                var lossBatch = new float[n];
                GradientResult result;
                switch (Settings.Loss)
                {
                    case ApgdLoss.CrossEntropy:
                        result = attack.Model.CrossEntropyGradient(batch, n, y);
                        LossSeeds.CrossEntropy(result.Logits, y, k, lossBatch);
                        break;
                    default:
                        int[] t = targets is null ? [] : rows.Select(r => targets[r]).ToArray();
                        result = attack.Model.DlrGradient(batch, n, y, t);
                        LossSeeds.Dlr(result.Logits, y, k, t, lossBatch);
                        break;
                }

                // A targeted cross-entropy is descended: ascend its negative.
                float sign = attack.Targeted ? -1 : 1;
                var broken = new List<int>();
                for (int b = 0; b < n; b++)
                {
                    int r = rows[b];
                    loss[r] = sign * lossBatch[b];
                    var g = grad.AsSpan(r * len, len);
                    result.InputGradient.AsSpan(b * len, len).CopyTo(g);
                    if (sign < 0)
                    {
                        foreach (ref float v in g)
                        {
                            v = -v;
                        }
                    }

                    if (attack.IsSuccess(result.Logits.AsSpan(b * k, k), labels[r]))
                    {
                        broken.Add(r);
                    }
                }

                return broken;
            }

            // The reference's projection: L∞ clamps δ to [−ε, ε]; L2 rescales δ to min(ε, ‖δ‖₂); then [0, 1].
            private static void Project(Span<float> point, ReadOnlySpan<float> x0, double eps, bool l2)
            {
                double scale = 1;
                if (l2)
                {
                    double sum = 0;
                    for (int j = 0; j < point.Length; j++)
                    {
                        double d = point[j] - x0[j];
                        sum += d * d;
                    }

                    double norm = Math.Sqrt(sum);
                    scale = Math.Min(eps, norm) / (norm + 1e-12);
                }

                for (int j = 0; j < point.Length; j++)
                {
                    double d = point[j] - x0[j];
                    point[j] = (float)Math.Clamp(x0[j] + (l2 ? d * scale : Math.Clamp(d, -eps, eps)), 0, 1);
                }
            }
        }
    }
}
