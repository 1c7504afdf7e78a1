using System.Numerics;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>
    /// Options of <see cref="Fab"/>, untargeted FAB (the reference's <c>plus</c> version: 5 restarts, the first without a
    /// random start). A sample counts as broken when FAB finds an adversarial point within ε of it.
    /// </summary>
    [OptionDoesNotApply("targeted")]
    public record FabOptions : AttackOptions
    {
        /// <summary>Threat model.</summary>
        [MethodOption("norm", "Threat model: linf (max |δ| ≤ ε) or l2 (‖δ‖₂ ≤ ε); FAB minimises this norm.")]
        public PerturbationNorm Norm { get; init; } = PerturbationNorm.Linf;

        /// <summary>Budget ε: a sample is broken by an adversarial point within ε; also the radius of random starts.</summary>
        [MethodOption("eps", "Budget ε: a sample is broken by an adversarial point within ε; random starts lie within ε/2.")]
        public double Eps { get; init; } = 8.0 / 255;

        /// <summary>Iterations per run.</summary>
        [MethodOption("steps", "Iterations per run.")]
        public int Steps { get; init; } = 100;

        /// <summary>Runs; the first starts at the image, the others at random points within ε/2.</summary>
        [MethodOption("restarts", "Runs; the first starts at the image, the others at random points within ε/2.")]
        public virtual int Restarts { get; init; } = 5;

        /// <summary>Upper bound α_max of the weight of the step from the original image.</summary>
        [MethodOption("alpha-max", "Upper bound α_max of the weight given to the projection of the original image.")]
        public double AlphaMax { get; init; } = 0.1;

        /// <summary>Overshoot η of each projection.</summary>
        [MethodOption("eta", "Overshoot η ≥ 1 of each projection onto the linearised boundary.")]
        public double Eta { get; init; } = 1.05;

        /// <summary>Backward step β towards the image after each success.</summary>
        [MethodOption("beta", "After each adversarial iterate, move back towards the image: x ← x₀ + β·(x − x₀).")]
        public double Beta { get; init; } = 0.9;

        /// <summary>Stop refining a sample once it has an adversarial point within ε (AutoAttack does; the reference keeps minimising the norm).</summary>
        [MethodOption("early-stop", "Stop refining a sample once an adversarial point within ε is found (the ensemble does: robust accuracy is the same); off, FAB keeps minimising the norm for all its iterations.")]
        public bool EarlyStop { get; init; }

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override bool L2Budget => Norm == PerturbationNorm.L2;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new Fab(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Budget().Concat(AtLeast(Steps, 1, "steps")).Concat(AtLeast(Restarts, 1, "restarts")).Concat(Fraction(AlphaMax, "alpha-max"))
                .Concat(Fraction(Beta, "beta")).Concat(Eta > 0 && double.IsFinite(Eta) ? [] : [("eta", $"expected a finite value > 0, found {MethodOption.Format(Eta)}.")])
                .Concat(Targeted ? [("targeted", "FAB picks its targets itself: fab crosses the nearest boundary, fab-t those of the highest non-true classes.")] : []);
    }

    /// <summary>Options of FAB-T: FAB towards each of the highest non-true classes in turn (AutoAttack's standard version: 9 targets, one run each).</summary>
    [OptionDoesNotApply("targeted")]
    public sealed record FabTargetedOptions : FabOptions
    {
        /// <summary>Runs per target class.</summary>
        [MethodOption("restarts", "Runs per target class; the first starts at the image, the others at random points within ε/2.")]
        public override int Restarts { get; init; } = 1;

        /// <summary>Target classes attacked in turn.</summary>
        [MethodOption("target-classes", "Target classes attacked in turn: the highest non-true logits of the clean image, second-highest first.")]
        public int TargetClasses { get; init; } = 9;

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() => base.Problems().Concat(AtLeast(TargetClasses, 1, "target-classes"));
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Fast Adaptive Boundary attack (Croce &amp; Hein, ICML 2020), a minimum-norm attack. Each iteration linearises the
    /// decision boundary between the true class y and a class t at the iterate x: f = z_t − z_y, and projects (with
    /// <see cref="BoundaryProjection"/>, inside [0, 1]) both x and the original x₀ onto {z : f(x) + ∇f·(z − x) = 0}, giving
    /// δ and δ₀; then x ← clip((x + η·δ)(1 − α) + (x₀ + η·δ₀)·α) with α = min(‖δ‖/(‖δ‖ + ‖δ₀‖), α_max). Whenever x is
    /// adversarial, it is recorded when nearer than the best so far and moved back: x ← x₀ + β·(x − x₀). Untargeted FAB
    /// takes, per sample and iteration, the class whose linearised boundary is nearest (‖δ‖ = |f|/‖∇f‖_dual); FAB-T the
    /// target class. Runs after the first start at a random point x₀ + ε/2 · u/‖u‖ (the reference: min(best so far, ε)/2, and its best restarts at 1e10). A sample whose best adversarial point is
    /// within ε is broken (with <c>early-stop</c> it leaves the batch then); the others come back unchanged.
    /// </summary>
    public sealed class Fab(ModelSession model, FabOptions? options = null) : Attack(model, options ?? new FabOptions())
    {
        private FabOptions Settings => (FabOptions)Options;

        private bool L2 => Settings.Norm == PerturbationNorm.L2;

        /// <inheritdoc />
        protected override void CheckAgainstModel()
        {
            if (Settings is FabTargetedOptions t && t.TargetClasses > Model.Classes - 1)
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
            var order = new int[rows][];
            for (int i = 0; i < rows; i++)
            {
                robust[i] = Logits.ArgMax(clean.AsSpan(i * k, k)) == labels[i];
                order[i] = Logits.Ranked(clean.AsSpan(i * k, k));
            }

            int targets = Settings is FabTargetedOptions t ? t.TargetClasses : 1;
            for (int target = 0; target < targets; target++)
            {
                for (int restart = 0; restart < Settings.Restarts; restart++)
                {
                    int[] left = Enumerable.Range(0, rows).Where(i => robust[i]).ToArray();
                    if (left.Length == 0)
                    {
                        return output;
                    }

                    // Candidate classes per sample: the target, or every class but the true one.
                    int[][] candidates = left.Select(i => Settings is FabTargetedOptions
                        ? [order[i][target + 1]]
                        : Enumerable.Range(0, k).Where(c => c != labels[i]).ToArray()).ToArray();
                    var run = RunOnce(x, labels, left, candidates, indices, target * Settings.Restarts + restart, restart > 0, iterations, cancellation);
                    for (int r = 0; r < left.Length; r++)
                    {
                        if (run[r] is { } adversarial)
                        {
                            robust[left[r]] = false;
                            adversarial.CopyTo(output.AsSpan(left[r] * len, len));
                        }
                    }
                }
            }

            return output;
        }

        // One FAB run over the given rows; returns each row's adversarial point within ε, or null.
        private float[]?[] RunOnce(float[] x, int[] labels, int[] left, int[][] candidates, long[] indices, int purpose, bool randomStart, int[] iterations, CancellationToken cancellation)
        {
            int m = left.Length, len = ImageLength, k = Model.Classes;
            double eps = Settings.Eps;
            var x0 = Perturbations.GatherRows(x, left, len);

            var x1 = (float[])x0.Clone();
            if (randomStart)
            {
                for (int r = 0; r < m; r++)
                {
                    Perturbations.SphereStart(x1.AsSpan(r * len, len), x0.AsSpan(r * len, len), Settings.Eps / 2, SeededRandom.For(Seed, indices[left[r]], purpose), L2);
                }
            }

            var bestNorm = Enumerable.Repeat(double.PositiveInfinity, m).ToArray();
            var best = new float[m][];
            var done = new bool[m];
            for (int it = 0; it < Settings.Steps; it++)
            {
                cancellation.ThrowIfCancellationRequested();
                int[] active = Enumerable.Range(0, m).Where(r => !done[r]).ToArray();
                if (active.Length == 0)
                {
                    break;
                }

                // One gradient row per (sample, candidate class): seed e_t − e_y gives f = z_t − z_y and ∇f.
                int total = active.Sum(r => candidates[r].Length);
                var images = new float[total * len];
                var seed = new float[total * k];
                int row = 0;
                foreach (int r in active)
                {
                    foreach (int c in candidates[r])
                    {
                        x1.AsSpan(r * len, len).CopyTo(images.AsSpan(row * len, len));
                        seed[row * k + c] = 1;
                        seed[row * k + labels[left[r]]] = -1;
                        row++;
                    }
                }

                var result = Model.Gradient(images, total, seed);
                var first = new int[active.Length]; // each active row's first gradient row
                for (int b = 1; b < active.Length; b++)
                {
                    first[b] = first[b - 1] + candidates[active[b - 1]].Length;
                }

                var next = new float[active.Length * len];
                // The projections (two sorts per row) are the attack's own cost: rows in parallel while the model waits.
                Parallel.For(0, active.Length, () => (new float[len], new float[len]), (b, _, scratch) =>
                {
                    int r = active[b];
                    Step(result, first[b], candidates[r], labels[left[r]], x1.AsSpan(r * len, len), x0.AsSpan(r * len, len), scratch.Item1, scratch.Item2, next.AsSpan(b * len, len));
                    return scratch;
                }, _ => { });
                foreach (int r in active)
                {
                    iterations[left[r]]++;
                }

                float[] logits = Model.Forward(next, active.Length);
                for (int b = 0; b < active.Length; b++)
                {
                    int r = active[b];
                    var nr = next.AsSpan(b * len, len);
                    var x0r = x0.AsSpan(r * len, len);
                    if (Logits.ArgMax(logits.AsSpan(b * k, k)) != labels[left[r]])
                    {
                        double distance = Perturbations.Norm(nr, x0r, L2);
                        if (distance < bestNorm[r])
                        {
                            bestNorm[r] = distance;
                            best[r] = nr.ToArray();
                            done[r] = Settings.EarlyStop && distance <= eps;
                        }

                        for (int j = 0; j < len; j++)
                        {
                            nr[j] = (float)(x0r[j] + (nr[j] - x0r[j]) * Settings.Beta);
                        }
                    }

                    nr.CopyTo(x1.AsSpan(r * len, len));
                }
            }

            return Enumerable.Range(0, m).Select(r => bestNorm[r] <= eps ? best[r] : null).ToArray();
        }

        // One FAB step for a row: the candidate whose linearised boundary is nearest (|f| / ‖∇f‖_dual; the dual of L∞ is L1),
        // both projections onto its plane, and the biased combination written to next.
        private void Step(GradientResult result, int firstRow, int[] candidates, int label, ReadOnlySpan<float> x1, ReadOnlySpan<float> x0, float[] d1, float[] d2, Span<float> next)
        {
            int len = ImageLength, k = Model.Classes;
            int chosen = firstRow, target = candidates[0];
            double nearest = double.PositiveInfinity;
            for (int c = 0; c < candidates.Length && candidates.Length > 1; c++)
            {
                int row = firstRow + c;
                double f = result.Logits[row * k + candidates[c]] - result.Logits[row * k + label];
                double dual = 0;
                foreach (float v in result.InputGradient.AsSpan(row * len, len))
                {
                    dual += L2 ? (double)v * v : Math.Abs(v);
                }

                double distance = Math.Abs(f) / (1e-12 + (L2 ? Math.Sqrt(dual) : dual));
                if (distance < nearest)
                {
                    (nearest, chosen, target) = (distance, row, candidates[c]);
                }
            }

            double fc = result.Logits[chosen * k + target] - result.Logits[chosen * k + label];
            var w = result.InputGradient.AsSpan(chosen * len, len);
            // The plane f + w·(z − x1) = 0, i.e. w·z = w·x1 − f.
            double plane = -fc;
            for (int j = 0; j < len; j++)
            {
                plane += (double)w[j] * x1[j];
            }

            BoundaryProjection.Project(x1, w, plane, L2, d1);
            BoundaryProjection.Project(x0, w, plane, L2, d2);
            double a1 = Math.Max(Perturbations.Norm(d1, [], L2), 1e-8), a2 = Math.Max(Perturbations.Norm(d2, [], L2), 1e-8);
            double alpha = Math.Clamp(a1 / (a1 + a2), 0, Settings.AlphaMax);
            Combine(x1, d1, x0, d2, Settings.Eta, alpha, next);
        }

        // next = clip₀₁((x1 + η·d1)(1 − α) + (x0 + η·d2)·α), in double lanes with the scalar form's per-element arithmetic.
        private static void Combine(ReadOnlySpan<float> x1, ReadOnlySpan<float> d1, ReadOnlySpan<float> x0, ReadOnlySpan<float> d2, double eta, double alpha, Span<float> next)
        {
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var e = new Vector<double>(eta);
                var a = new Vector<double>(alpha);
                var b = new Vector<double>(1 - alpha);
                for (; j <= next.Length - Vector<float>.Count; j += Vector<float>.Count)
                {
                    Vector.Widen(new Vector<float>(x1[j..]), out var x10, out var x11);
                    Vector.Widen(new Vector<float>(d1[j..]), out var d10, out var d11);
                    Vector.Widen(new Vector<float>(x0[j..]), out var x00, out var x01);
                    Vector.Widen(new Vector<float>(d2[j..]), out var d20, out var d21);
                    Vector.Narrow(Perturbations.Clip01((x10 + e * d10) * b + (x00 + e * d20) * a), Perturbations.Clip01((x11 + e * d11) * b + (x01 + e * d21) * a)).CopyTo(next[j..]);
                }
            }

            for (; j < next.Length; j++)
            {
                next[j] = (float)Math.Clamp((x1[j] + eta * d1[j]) * (1 - alpha) + (x0[j] + eta * d2[j]) * alpha, 0, 1);
            }
        }
    }
}
