using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options every projected-gradient attack shares; each method declares its own budget, step and steps.</summary>
    public abstract record ProjectedGradientOptions : AttackOptions
    {
        /// <summary>Budget: max |δ| (L∞) or ‖δ‖₂ (L2).</summary>
        public abstract double Eps { get; init; }

        /// <summary>Step size.</summary>
        public abstract double Alpha { get; init; }

        /// <summary>Gradient steps per restart.</summary>
        public abstract int Steps { get; init; }

        /// <summary>Start from a uniform random point of the ε-ball (torchattacks: true).</summary>
        [MethodOption("random-start", "Start from a uniform random point of the ε-ball (L∞: the box; L2: uniform over the ball's volume).")]
        public bool RandomStart { get; init; } = true;

        /// <summary>Independent runs per sample; the best is kept.</summary>
        [MethodOption("restarts", "Independent runs per sample; each keeps its best (a success first, then the highest loss).")]
        public int Restarts { get; init; } = 1;

        /// <summary>Stop updating a sample as soon as it is adversarial.</summary>
        [MethodOption("early-stop", "Stop updating a sample as soon as it is adversarial.")]
        public bool EarlyStop { get; init; }

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Budget().Concat(Steps > 0 ? Positive(Alpha, "alpha", "a zero step size never moves the images") : NonNegative(Alpha, "alpha"))
                .Concat(RandomStart ? AtLeast(Steps, 0, "steps") : StepsWithoutRandomStart(Steps)).Concat(AtLeast(Restarts, 1, "restarts"));

        private static IEnumerable<(string, string)> StepsWithoutRandomStart(int steps) =>
            steps >= 1 ? [] : [("steps", $"expected at least 1 without a random start, found {steps}: the attack would leave every image as it is.")];
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Projected gradient descent (Madry et al. 2018) with torchattacks' order: optional random start, then each step
    /// <c>x ← x + α·d(g)</c>, project δ onto the ε-ball, clip to [0, 1]. <c>d(g)</c> is sign(g) for L∞ and g/‖g‖₂ per
    /// sample for L2. Restarts keep each sample's best run: first a success, then the highest loss (lowest for targeted).
    /// </summary>
    public abstract class ProjectedGradientDescent(ModelSession model, ProjectedGradientOptions options) : Attack(model, options)
    {
        private ProjectedGradientOptions Settings => (ProjectedGradientOptions)Options;

        private double Eps => Settings.Eps;

        private double Alpha => Settings.Alpha;

        /// <summary>True for the L2 ball.</summary>
        protected abstract bool L2 { get; }

        /// <summary>Hook applied to the gradient before the step (low-frequency PGD keeps its lowest DCT bands).</summary>
        protected virtual void FilterGradient(float[] gradient, int rows)
        {
        }

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength, k = Model.Classes;
            float[]? best = null;
            var bestSuccess = new bool[rows];
            var bestLoss = new float[rows];
            for (int restart = 0; restart < Settings.Restarts; restart++)
            {
                var adv = (float[])x.Clone();
                if (Settings.RandomStart)
                {
                    StartRandomly(adv, x, rows, indices, restart);
                }

                var active = Enumerable.Repeat(true, rows).ToArray();
                var steps = new int[rows];
                for (int s = 0; s < Settings.Steps; s++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var result = Model.CrossEntropyGradient(adv, rows, labels);
                    float[] g = result.InputGradient;
                    if (Settings.EarlyStop)
                    {
                        for (int i = 0; i < rows; i++)
                        {
                            active[i] &= !IsSuccess(result.Logits.AsSpan(i * k, k), labels[i]);
                        }

                        if (!active.Any(a => a))
                        {
                            break;
                        }
                    }

                    FilterGradient(g, rows);
                    double[] norms = L2 ? Perturbations.RowNorms(g, rows, len) : [];
                    for (int i = 0; i < rows; i++)
                    {
                        if (!active[i])
                        {
                            continue;
                        }

                        steps[i]++;
                        double scale = (Targeted ? -Alpha : Alpha) / (L2 ? norms[i] + 1e-10 : 1);
                        if (!L2)
                        {
                            Perturbations.AddSignStep(adv.AsSpan(i * len, len), g.AsSpan(i * len, len), scale);
                            continue;
                        }

                        for (int j = i * len; j < (i + 1) * len; j++)
                        {
                            adv[j] += (float)(scale * g[j]);
                        }
                    }

                    Perturbations.ProjectAndClip(adv, x, rows, len, Eps, L2, active);
                }

                if (Settings.Restarts == 1)
                {
                    steps.CopyTo(iterations, 0);
                    return adv;
                }

                var losses = new float[rows];
                float[] logits = Model.Forward(adv, rows);
                LossSeeds.CrossEntropy(logits, labels, k, losses);
                best ??= (float[])adv.Clone();
                for (int i = 0; i < rows; i++)
                {
                    bool success = IsSuccess(logits.AsSpan(i * k, k), labels[i]);
                    float loss = Targeted ? -losses[i] : losses[i];
                    bool better = restart == 0 || (success && !bestSuccess[i]) || (success == bestSuccess[i] && loss > bestLoss[i]);
                    if (better)
                    {
                        adv.AsSpan(i * len, len).CopyTo(best.AsSpan(i * len, len));
                        bestSuccess[i] = success;
                        bestLoss[i] = loss;
                    }

                    iterations[i] += steps[i];
                }
            }

            return best!;
        }

        private void StartRandomly(float[] adv, float[] x, int rows, long[] indices, int restart)
        {
            int len = ImageLength;
            for (int i = 0; i < rows; i++)
            {
                var rng = SeededRandom.For(Seed, indices[i], restart);
                var row = adv.AsSpan(i * len, len);
                if (L2)
                {
                    // Uniform over the ball's volume: a Gaussian direction with radius ε·U^(1/d).
                    var direction = new double[len];
                    double sum = 0;
                    for (int j = 0; j < len; j++)
                    {
                        direction[j] = rng.Gaussian();
                        sum += direction[j] * direction[j];
                    }

                    double radius = Eps * Math.Pow(rng.NextDouble(), 1.0 / len) / Math.Sqrt(sum);
                    for (int j = 0; j < len; j++)
                    {
                        row[j] = (float)(row[j] + radius * direction[j]);
                    }
                }
                else
                {
                    for (int j = 0; j < len; j++)
                    {
                        row[j] = (float)(row[j] + Eps * (2 * rng.NextDouble() - 1));
                    }
                }
            }

            Perturbations.ProjectAndClip(adv, x, rows, len, Eps, L2, []);
        }
    }
}
