using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="CarliniWagnerL2"/> (torchattacks' <c>CW</c>: c = 1, κ = 0, 50 steps, lr 0.01; no binary search).</summary>
    public sealed record CarliniWagnerL2Options : AttackOptions
    {
        /// <summary>Initial trade-off constant c.</summary>
        [MethodOption("c", "Initial trade-off constant c between ‖δ‖₂² and the margin loss.")]
        public double C { get; init; } = 1;

        /// <summary>Confidence margin κ.</summary>
        [MethodOption("kappa", "Confidence margin κ of the hinge max(Z_y − max_{k≠y} Z_k, −κ).")]
        public double Kappa { get; init; }

        /// <summary>Adam steps per value of c.</summary>
        [MethodOption("steps", "Adam steps per value of c.")]
        public int Steps { get; init; } = 50;

        /// <summary>Adam learning rate.</summary>
        [MethodOption("lr", "Adam learning rate.")]
        public double Lr { get; init; } = 0.01;

        /// <summary>Values of c tried per sample (1: no search).</summary>
        [MethodOption("binary-steps", "Values of c tried per sample by binary search (1: no search).")]
        public int BinarySearchSteps { get; init; } = 1;

        /// <summary>Stop a c-round when the total loss has not fallen by 0.01 % over a tenth of the steps.</summary>
        [MethodOption("abort-early", "Stop a c-round when the total loss has not fallen by 0.01 % over a tenth of the steps.")]
        public bool AbortEarly { get; init; } = true;

        /// <summary>When set, the final δ is scaled into the L2 ball of this radius (then clipped to [0, 1]).</summary>
        [MethodOption("project-l2", "Project the final δ onto the L2 ball of this radius (the paper's Experiment I); none by default.")]
        public double? ProjectL2 { get; init; }

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new CarliniWagnerL2(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Positive(C, "c", "the loss would be the distance alone, whose minimum is the image itself (and the binary search only multiplies c)")
                .Concat(NonNegative(Kappa, "kappa")).Concat(Positive(Lr, "lr", "a zero learning rate never moves the images")).Concat(AtLeast(Steps, 1, "steps"))
                .Concat(AtLeast(BinarySearchSteps, 1, "binary-steps")).Concat(ProjectL2 is { } r ? NonNegative(r, "project-l2") : []);
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Carlini–Wagner L2 (2017): x′ = ½(tanh(w) + 1), minimise ‖x′ − x‖₂² + c·max(Z_y − max_{k≠y} Z_k, −κ) (targeted:
    /// max(max_{k≠t} Z_k − Z_t, −κ)) with Adam, on logits with the true class excluded from the best other (so negative
    /// logits work). w starts at atanh((2x − 1)·0.999999) so 0/1 pixels are not frozen. A binary search over c per
    /// sample (×10 until the first success, then bisection), abort-early when the loss stops falling, and the smallest
    /// successful perturbation kept. Samples it fails on come back unchanged and unflagged as success. Optionally the
    /// final δ is projected onto an L2 ball (the paper's Experiment I).
    /// </summary>
    public sealed class CarliniWagnerL2(ModelSession model, CarliniWagnerL2Options? options = null) : Attack(model, options ?? new CarliniWagnerL2Options())
    {
        private CarliniWagnerL2Options Settings => (CarliniWagnerL2Options)Options;

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength, k = Model.Classes;
            var best = (float[])x.Clone();
            var bestL2 = Enumerable.Repeat(double.PositiveInfinity, rows).ToArray();
            var c = Enumerable.Repeat(Settings.C, rows).ToArray();
            var lower = new double[rows];
            var upper = Enumerable.Repeat(double.PositiveInfinity, rows).ToArray();
            var w0 = x.Select(v => (float)Math.Atanh((2.0 * v - 1) * 0.999999)).ToArray();
            for (int search = 0; search < Settings.BinarySearchSteps; search++)
            {
                var w = (float[])w0.Clone();
                var m = new float[w.Length];
                var v = new float[w.Length];
                var adv = new float[w.Length];
                var foundThisRound = new bool[rows];
                double previous = double.PositiveInfinity;
                int checkEvery = Math.Max(1, (int)Math.Ceiling(Settings.Steps / 10.0));
                for (int step = 1; step <= Settings.Steps; step++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    for (int j = 0; j < w.Length; j++)
                    {
                        adv[j] = 0.5f * (MathF.Tanh(w[j]) + 1);
                    }

                    float[] logits = Model.Forward(adv, rows);
                    var margins = new float[rows];
                    float[] seed = Targeted ? TargetedSeed(logits, labels, margins) : LossSeeds.Margin(logits, labels, k, margins);
                    double total = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        double l2 = SquaredDistance(adv, x, i, len);
                        bool success = IsSuccess(logits.AsSpan(i * k, k), labels[i]) && margins[i] <= -Settings.Kappa;
                        if (success)
                        {
                            foundThisRound[i] = true;
                            if (Math.Sqrt(l2) < bestL2[i])
                            {
                                bestL2[i] = Math.Sqrt(l2);
                                adv.AsSpan(i * len, len).CopyTo(best.AsSpan(i * len, len));
                            }
                        }

                        // The margin term is flat (zero gradient) once it reaches −κ.
                        bool hinge = margins[i] > -Settings.Kappa;
                        for (int q = 0; q < k; q++)
                        {
                            seed[i * k + q] = hinge ? (float)(c[i] * seed[i * k + q]) : 0f;
                        }

                        total += l2 + c[i] * Math.Max(margins[i], -Settings.Kappa);
                        iterations[i]++;
                    }

                    if (Settings.AbortEarly && step % checkEvery == 0)
                    {
                        if (total > 0.9999 * previous)
                        {
                            break;
                        }

                        previous = total;
                    }

                    float[] g = Model.Gradient(adv, rows, seed).InputGradient;
                    for (int j = 0; j < w.Length; j++)
                    {
                        // d/dw of ‖x′ − x‖² + c·f through x′ = ½(tanh w + 1).
                        double dx = 2.0 * (adv[j] - x[j]) + g[j];
                        double t = Math.Tanh(w[j]);
                        double grad = dx * 0.5 * (1 - t * t);
                        m[j] = (float)(0.9 * m[j] + 0.1 * grad);
                        v[j] = (float)(0.999 * v[j] + 0.001 * grad * grad);
                        double mHat = m[j] / (1 - Math.Pow(0.9, step)), vHat = v[j] / (1 - Math.Pow(0.999, step));
                        w[j] -= (float)(Settings.Lr * mHat / (Math.Sqrt(vHat) + 1e-8));
                    }
                }

                for (int i = 0; i < rows; i++)
                {
                    // Binary search on c: a success lowers the upper bound, a failure raises the lower one.
                    if (foundThisRound[i])
                    {
                        upper[i] = Math.Min(upper[i], c[i]);
                    }
                    else
                    {
                        lower[i] = Math.Max(lower[i], c[i]);
                    }

                    c[i] = double.IsPositiveInfinity(upper[i]) ? c[i] * 10 : (lower[i] + upper[i]) / 2;
                }
            }

            if (Settings.ProjectL2 is { } radius)
            {
                Perturbations.ProjectAndClip(best, x, rows, len, radius, l2: true, []);
            }

            LastConstants = c;
            return best;
        }

        /// <summary>The value of c each sample of the last chunk would try next (to inspect the binary search).</summary>
        public double[] LastConstants { get; private set; } = [];

        private float[] TargetedSeed(float[] logits, int[] targets, float[] margins)
        {
            // Targeted margin max_{k≠t} Z_k − Z_t = −(Z_t − max_{k≠t} Z_k): the untargeted seed and margin, negated.
            float[] seed = LossSeeds.Margin(logits, targets, Model.Classes, margins);
            for (int i = 0; i < seed.Length; i++)
            {
                seed[i] = -seed[i];
            }

            for (int i = 0; i < margins.Length; i++)
            {
                margins[i] = -margins[i];
            }

            return seed;
        }

        private static double SquaredDistance(float[] a, float[] b, int row, int len)
        {
            double sum = 0;
            for (int j = row * len; j < (row + 1) * len; j++)
            {
                double d = a[j] - b[j];
                sum += d * d;
            }

            return sum;
        }
    }
}
