using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>
    /// Options of <see cref="Square"/> (defaults of AutoAttack's standard version: 5000 queries, p_init 0.8, the square-size
    /// schedule not rescaled to the query budget).
    /// </summary>
    [OptionDoesNotApply("targeted")]
    public sealed record SquareOptions : AttackOptions
    {
        /// <summary>Threat model.</summary>
        [MethodOption("norm", "Threat model: linf (max |δ| ≤ ε) or l2 (‖δ‖₂ ≤ ε).")]
        public PerturbationNorm Norm { get; init; } = PerturbationNorm.Linf;

        /// <summary>Budget ε of the norm.</summary>
        [MethodOption("eps", "Budget ε of the norm (8/255 is CIFAR-10's L∞ standard; 0.5 its L2 one).")]
        public double Eps { get; init; } = 8.0 / 255;

        /// <summary>Queries per image and restart.</summary>
        [MethodOption("max-queries", "Iterations (queries) per image and restart; the initial point costs one more query, as in the reference.")]
        public int MaxQueries { get; init; } = 5000;

        /// <summary>Initial share p of the pixels a square covers.</summary>
        [MethodOption("p-init", "Initial share of the image a square covers; halved at iterations 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000.")]
        public double PInit { get; init; } = 0.8;

        /// <summary>Independent restarts; a sample stops at its first success.</summary>
        [MethodOption("restarts", "Independent runs; a sample stops at its first success.")]
        public int Restarts { get; init; } = 1;

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override bool L2Budget => Norm == PerturbationNorm.L2;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new Square(model, this);

        /// <inheritdoc />
        public override bool UsesGradients => false;

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Budget().Concat(AtLeast(MaxQueries, 1, "max-queries")).Concat(Fraction(PInit, "p-init")).Concat(AtLeast(Restarts, 1, "restarts"))
                .Concat(Targeted ? [("targeted", "square is untargeted here (it lowers the true class's margin).")] : []);
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Square Attack (Andriushchenko et al., ECCV 2020), score-based: it lowers the margin z_y − max_{k≠y} z_k by random
    /// square-shaped updates, keeping one only when the margin drops (or the image is misclassified). L∞: the start is
    /// vertical stripes of ±ε (one sign per channel and column), each update sets a random s × s square of every channel
    /// to ±2ε (one sign per channel) before projecting. L2: the start tiles ⌊H/5⌋-squares of the reference's centred
    /// pattern η; each update moves the perturbation's mass of two random squares into one, with a fresh ±η per channel.
    /// The square side is s = round(√(p·H·W)) (L2: at least 3 and odd), at most min(H, W), where p is
    /// <see cref="SquareSide"/>'s schedule. Positions are drawn as the reference draws them, in [0, H − s). Random choices
    /// are per sample (the reference shares them across its batch), so results do not depend on the batch.
    /// </summary>
    public sealed class Square(ModelSession model, SquareOptions? options = null) : Attack(model, options ?? new SquareOptions())
    {
        private SquareOptions Settings => (SquareOptions)Options;

        /// <summary>The reference's p at iteration <paramref name="iteration"/> (0-based): p_init halved after iterations 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000.</summary>
        public static double Share(int iteration, double pInit)
        {
            int[] bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
            int halvings = bounds.Count(b => iteration > b);
            return pInit / (1 << halvings);
        }

        /// <summary>Side of the square at <paramref name="iteration"/> for an H × W image.</summary>
        public static int SquareSide(int iteration, double pInit, int height, int width, bool l2)
        {
            int s = (int)Math.Round(Math.Sqrt(Share(iteration, pInit) * height * width), MidpointRounding.ToEven);
            s = Math.Min(Math.Max(s, l2 ? 3 : 1), Math.Min(height, width));
            return l2 && s % 2 == 0 ? (s + 1 <= Math.Min(height, width) ? s + 1 : s - 1) : s;
        }

        /// <summary>
        /// The reference's L2 update pattern η for an s × s square: the upper ⌊s/2⌋ rows and the rest each hold nested
        /// rectangles weighted 1/(r + 1)² around their centre, with opposite signs; unit L2 norm; transposed when
        /// <paramref name="transpose"/>.
        /// </summary>
        public static double[] Eta(int s, bool transpose)
        {
            var eta = new double[s * s];
            AddRectangles(eta, s, 0, s / 2, 1);
            AddRectangles(eta, s, s / 2, s - s / 2, -1);
            double norm = Math.Sqrt(eta.Sum(v => v * v));
            var result = new double[s * s];
            for (int i = 0; i < s; i++)
            {
                for (int j = 0; j < s; j++)
                {
                    result[transpose ? j * s + i : i * s + j] = eta[i * s + j] / norm;
                }
            }

            return result;
        }

        // Rows [row0, row0 + rows) of an s-wide pattern: nested rectangles around (rows/2, s/2) weighted 1/(r+1)², unit norm, times sign.
        private static void AddRectangles(double[] eta, int s, int row0, int rows, int sign)
        {
            var block = new double[rows * s];
            int cx = rows / 2, cy = s / 2;
            for (int r = 0; r < Math.Max(cx + 1, cy + 1); r++)
            {
                for (int i = Math.Max(cx - r, 0); i < Math.Min(cx - r + 2 * r + 1, rows); i++)
                {
                    for (int j = Math.Max(cy - r, 0); j < Math.Min(cy - r + 2 * r + 1, s); j++)
                    {
                        block[i * s + j] += 1.0 / ((r + 1) * (r + 1));
                    }
                }
            }

            double norm = Math.Sqrt(block.Sum(v => v * v));
            for (int i = 0; i < block.Length; i++)
            {
                eta[row0 * s + i] = sign * block[i] / norm;
            }
        }

        /// <inheritdoc />
        protected override void CheckAgainstModel()
        {
            if (Settings.Norm == PerturbationNorm.L2 && Math.Min(Model.Height, Model.Width) < 5)
            {
                throw new MethodOptionException("norm", $"the L2 square attack tiles squares of ⌊H/5⌋ pixels and needs images of at least 5 × 5, found {Model.Height} × {Model.Width}.");
            }
        }

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength;
            var best = (float[])x.Clone();
            var margin = Margins(x, labels);
            for (int restart = 0; restart < Settings.Restarts; restart++)
            {
                int[] left = Enumerable.Range(0, rows).Where(i => margin[i] > 0).ToArray();
                if (left.Length == 0)
                {
                    break;
                }

                var rngs = left.Select(i => SeededRandom.For(Seed, indices[i], restart)).ToArray();
                var x0 = Perturbations.GatherRows(x, left, len);
                var runBest = (float[])x0.Clone();
                for (int r = 0; r < left.Length; r++)
                {
                    Initial(runBest.AsSpan(r * len, len), rngs[r]);
                }

                // The initial point costs one query.
                var runMargin = Margins(runBest, left.Select(i => labels[i]).ToArray());
                for (int r = 0; r < left.Length; r++)
                {
                    iterations[left[r]]++;
                }

                for (int it = 0; it < Settings.MaxQueries; it++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    int[] active = Enumerable.Range(0, left.Length).Where(r => runMargin[r] > 0).ToArray();
                    if (active.Length == 0)
                    {
                        break;
                    }

                    var batch = new float[active.Length * len];
                    for (int b = 0; b < active.Length; b++)
                    {
                        int r = active[b];
                        Propose(runBest.AsSpan(r * len, len), x0.AsSpan(r * len, len), it, rngs[r], batch.AsSpan(b * len, len));
                    }

                    var m = Margins(batch, active.Select(r => labels[left[r]]).ToArray());
                    for (int b = 0; b < active.Length; b++)
                    {
                        int r = active[b];
                        iterations[left[r]]++;
                        if (m[b] < runMargin[r])
                        {
                            runMargin[r] = m[b];
                            batch.AsSpan(b * len, len).CopyTo(runBest.AsSpan(r * len, len));
                        }
                    }
                }

                for (int r = 0; r < left.Length; r++)
                {
                    int i = left[r];
                    if (restart == 0 || runMargin[r] < margin[i])
                    {
                        margin[i] = runMargin[r];
                        runBest.AsSpan(r * len, len).CopyTo(best.AsSpan(i * len, len));
                    }
                }
            }

            return best;
        }

        // The margin z_y − max_{k≠y} z_k of each image (one query each).
        private float[] Margins(float[] images, int[] labels)
        {
            var margins = new float[labels.Length];
            LossSeeds.Margin(Model.Forward(images, labels.Length), labels, Model.Classes, margins);
            return margins;
        }

        private void Initial(Span<float> row, Random rng)
        {
            int c = Model.Channels, h = Model.Height, w = Model.Width;
            double eps = Settings.Eps;
            if (Settings.Norm == PerturbationNorm.Linf)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int col = 0; col < w; col++)
                    {
                        double sign = Sign(rng);
                        for (int i = 0; i < h; i++)
                        {
                            int j = (ch * h + i) * w + col;
                            row[j] = (float)Math.Clamp(row[j] + eps * sign, 0, 1);
                        }
                    }
                }

                return;
            }

            int s = h / 5;
            var delta = new double[c * h * w];
            int top = (h - s * (h / s)) / 2, left = (w - s * (w / s)) / 2;
            for (int bi = 0; bi < h / s; bi++)
            {
                for (int bj = 0; bj < w / s; bj++)
                {
                    var eta = Eta(s, rng.NextDouble() > 0.5);
                    for (int ch = 0; ch < c; ch++)
                    {
                        double sign = Sign(rng);
                        AddSquare(delta, ch, top + bi * s, left + bj * s, s, eta, sign);
                    }
                }
            }

            double scale = eps / (Math.Sqrt(delta.Sum(v => v * v)) + 1e-12);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = (float)Math.Clamp(row[j] + scale * delta[j], 0, 1);
            }
        }

        private void Propose(ReadOnlySpan<float> current, ReadOnlySpan<float> x0, int iteration, Random rng, Span<float> proposal)
        {
            int c = Model.Channels, h = Model.Height, w = Model.Width;
            double eps = Settings.Eps;
            bool l2 = Settings.Norm == PerturbationNorm.L2;
            int s = SquareSide(iteration, Settings.PInit, h, w, l2);
            int vh = rng.Next(Math.Max(h - s, 1)), vw = rng.Next(Math.Max(w - s, 1));
            if (!l2)
            {
                current.CopyTo(proposal);
                for (int ch = 0; ch < c; ch++)
                {
                    double step = 2 * eps * Sign(rng);
                    for (int i = vh; i < vh + s; i++)
                    {
                        for (int j = vw; j < vw + s; j++)
                        {
                            int p = (ch * h + i) * w + j;
                            double d = Math.Clamp(proposal[p] + step - x0[p], -eps, eps);
                            proposal[p] = (float)Math.Clamp(x0[p] + d, 0, 1);
                        }
                    }
                }

                return;
            }

            int vh2 = rng.Next(Math.Max(h - s, 1)), vw2 = rng.Next(Math.Max(w - s, 1));
            var delta = new double[current.Length];
            for (int p = 0; p < delta.Length; p++)
            {
                delta[p] = current[p] - x0[p];
            }

            double imageNorm = Math.Sqrt(delta.Sum(v => v * v));
            double windowsNorm = 0; // ‖δ‖² over the union of both squares, all channels
            for (int ch = 0; ch < c; ch++)
            {
                for (int i = 0; i < h; i++)
                {
                    for (int j = 0; j < w; j++)
                    {
                        bool inside = (i >= vh && i < vh + s && j >= vw && j < vw + s) || (i >= vh2 && i < vh2 + s && j >= vw2 && j < vw2 + s);
                        double d = delta[(ch * h + i) * w + j];
                        windowsNorm += inside ? d * d : 0;
                    }
                }
            }

            var eta = Eta(s, rng.NextDouble() > 0.5);
            double budget = Math.Sqrt(Math.Max(eps * eps - imageNorm * imageNorm, 0) / c + windowsNorm);
            var fresh = new double[c * s * s];
            for (int ch = 0; ch < c; ch++)
            {
                double sign = Sign(rng), old = 0;
                for (int i = 0; i < s; i++)
                {
                    for (int j = 0; j < s; j++)
                    {
                        double d = delta[(ch * h + vh + i) * w + vw + j];
                        old += d * d;
                    }
                }

                old = Math.Sqrt(old) + 1e-12;
                double norm = 0;
                for (int q = 0; q < s * s; q++)
                {
                    int i = q / s, j = q % s;
                    fresh[ch * s * s + q] = eta[q] * sign + delta[(ch * h + vh + i) * w + vw + j] / old;
                    norm += fresh[ch * s * s + q] * fresh[ch * s * s + q];
                }

                for (int q = 0; q < s * s; q++)
                {
                    fresh[ch * s * s + q] *= budget / (Math.Sqrt(norm) + 1e-12);
                }
            }

            for (int ch = 0; ch < c; ch++)
            {
                for (int i = 0; i < s; i++)
                {
                    for (int j = 0; j < s; j++)
                    {
                        delta[(ch * h + vh2 + i) * w + vw2 + j] = 0;
                    }
                }
            }

            for (int ch = 0; ch < c; ch++)
            {
                for (int q = 0; q < s * s; q++)
                {
                    delta[(ch * h + vh + q / s) * w + vw + q % s] = fresh[ch * s * s + q];
                }
            }

            double scale = eps / (Math.Sqrt(delta.Sum(v => v * v)) + 1e-12);
            for (int p = 0; p < delta.Length; p++)
            {
                proposal[p] = (float)Math.Clamp(x0[p] + scale * delta[p], 0, 1);
            }
        }

        private void AddSquare(double[] delta, int ch, int top, int left, int s, double[] pattern, double sign)
        {
            int h = Model.Height, w = Model.Width;
            for (int i = 0; i < s; i++)
            {
                for (int j = 0; j < s; j++)
                {
                    delta[(ch * h + top + i) * w + left + j] += sign * pattern[i * s + j];
                }
            }
        }

        private static double Sign(Random rng) => rng.NextDouble() < 0.5 ? -1 : 1;
    }
}
