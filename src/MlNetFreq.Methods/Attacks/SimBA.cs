using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq
{
    /// <summary>Basis of SimBA's search directions.</summary>
    public enum SimBABasis
    {
        /// <summary>Single pixels of single channels (SimBA).</summary>
        Pixel,

        /// <summary>Orthonormal 2-D DCT basis images of single channels, lowest frequencies first (SimBA-DCT).</summary>
        Dct,
    }

    /// <summary>Order in which SimBA tries the coordinates.</summary>
    public enum SimBAOrder
    {
        /// <summary>A random permutation of the coordinates in the low-frequency block (per sample, seeded).</summary>
        [OptionAlias("rand")]
        Random,

        /// <summary>By anti-diagonals u + v, then channel; random within a diagonal.</summary>
        [OptionAlias("diag")]
        Diagonal,

        /// <summary>The reference's block order: the initial block, then L-shaped strips <see cref="SimBAOptions.Stride"/> wide, random within each.</summary>
        Strided,
    }

    /// <summary>Options of <see cref="SimBA"/> in the pixel basis (defaults of the reference code, Guo et al. 2019).</summary>
    public record SimBAOptions : AttackOptions
    {
        /// <summary>Step ε along each basis direction (reference 0.2).</summary>
        [MethodOption("eps", "Step ε along each basis direction.")]
        public double Eps { get; init; } = 0.2;

        /// <summary>Coordinate order.</summary>
        [MethodOption("order", "Order in which coordinates are tried: random (per sample, seeded), diagonal (by u + v) or strided (the reference's block order).")]
        public SimBAOrder Order { get; init; } = SimBAOrder.Random;

        /// <summary>Strip width of the strided order (reference 7).</summary>
        [MethodOption("stride", "Strip width of the strided order.")]
        public int Stride { get; init; } = 7;

        /// <summary>L∞ bound of the total perturbation; 0 for none.</summary>
        [MethodOption("linf-bound", "Clip the total perturbation to this L∞ bound (0: none).")]
        public double LinfBound { get; init; }

        /// <summary>Query budget per sample; 0 means two per coordinate.</summary>
        [MethodOption("max-queries", "Query budget per image (0: two per coordinate).")]
        public int MaxQueries { get; init; }

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new SimBA(model, this);

        /// <inheritdoc />
        public override bool UsesGradients => false;

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Positive(Eps, "eps", "a zero step never changes an image").Concat(NonNegative(LinfBound, "linf-bound")).Concat(AtLeast(Stride, 1, "stride")).Concat(AtLeast(MaxQueries, 0, "max-queries"));
    }

    /// <summary>Options of <see cref="SimBA"/> in the low-frequency DCT basis (SimBA-DCT).</summary>
    public sealed record SimBADctOptions : SimBAOptions
    {
        /// <summary>Side of the low-frequency block searched (0: the whole image); for the strided order, the initial block.</summary>
        [MethodOption("freq-dims", "Side of the low-frequency DCT block searched (0: the whole image); for the strided order, the initial block.")]
        public int FreqDims { get; init; }

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() => base.Problems().Concat(AtLeast(FreqDims, 0, "freq-dims"));
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Simple Black-box Attack (Guo et al. 2019), batched: only forward passes. For each sample, coordinates q of the
    /// chosen basis are tried in order; x − εq is queried and kept if it lowers p(y|x) (targeted: raises p(t|x)),
    /// otherwise x + εq is queried likewise. The image is clip₀₁(x₀ + δ), with δ clipped to [−bound, bound] when
    /// <see cref="SimBAOptions.LinfBound"/> &gt; 0. Queries are counted as the reference does: one for the left probe, one more only
    /// when it did not help. A sample stops when it is adversarial, out of queries or out of coordinates.
    /// </summary>
    public sealed class SimBA(ModelSession model, SimBAOptions? options = null) : Attack(model, options ?? new SimBADctOptions())
    {
        private SimBAOptions Settings => (SimBAOptions)Options;

        /// <summary>Pixel or DCT basis (from the options record: <see cref="SimBADctOptions"/> searches the DCT basis).</summary>
        public SimBABasis Basis => Options is SimBADctOptions ? SimBABasis.Dct : SimBABasis.Pixel;

        private int FreqDims => (Options as SimBADctOptions)?.FreqDims ?? 0;

        /// <summary>
        /// One coordinate order (channel-major indices (c·H + u)·W + v) for every sample instead of the seeded ones: how the
        /// tests compare against a reference implementation run in a fixed order.
        /// </summary>
        internal IReadOnlyList<int>? FixedOrder { get; init; }

        private double Eps => Settings.Eps;

        /// <inheritdoc />
        protected override void CheckAgainstModel()
        {
            int side = Math.Max(Model.Height, Model.Width);
            if (FreqDims > side)
            {
                throw new MethodOptionException("freq-dims", $"expected at most {side} (the side of the model's {Model.Height}×{Model.Width} images), found {FreqDims}.");
            }
        }

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength, k = Model.Classes, h = Model.Height, w = Model.Width;
            int side = Basis == SimBABasis.Pixel || FreqDims == 0 ? Math.Max(h, w) : Math.Min(FreqDims, Math.Max(h, w));
            var orders = Enumerable.Range(0, rows).Select(i => FixedOrder?.ToArray() ?? CoordinateOrder(side, SeededRandom.For(Seed, indices[i], 7))).ToArray();
            int budget = Settings.MaxQueries > 0 ? Settings.MaxQueries : 2 * orders[0].Length;
            float[] basisH = Basis == SimBABasis.Dct ? DctBasis.CreateSingle(h, DctDirection.Forward) : [];
            float[] basisW = Basis == SimBABasis.Dct ? DctBasis.CreateSingle(w, DctDirection.Forward) : [];

            var delta = new float[x.Length];
            var adv = (float[])x.Clone();
            float[] logits = Model.Forward(adv, rows);
            var probability = new double[rows];
            var done = new bool[rows];
            var next = new int[rows];
            for (int i = 0; i < rows; i++)
            {
                probability[i] = Probability(logits.AsSpan(i * k, k), labels[i]);
                done[i] = IsSuccess(logits.AsSpan(i * k, k), labels[i]);
            }

            var candidate = new float[x.Length];
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var active = Enumerable.Range(0, rows).Where(i => !done[i] && next[i] < orders[i].Length && iterations[i] < budget).ToArray();
                if (active.Length == 0)
                {
                    break;
                }

                var coordinate = active.ToDictionary(i => i, i => orders[i][next[i]++]);
                var improved = Probe(active, coordinate, -1, x, delta, candidate, labels, probability, basisH, basisW, out var leftLogits);
                for (int a = 0; a < active.Length; a++)
                {
                    iterations[active[a]]++;
                }

                var retry = active.Where((i, a) => !improved[a] && iterations[i] < budget).ToArray();
                float[]? rightLogits = null;
                bool[] rightImproved = [];
                if (retry.Length > 0)
                {
                    rightImproved = Probe(retry, coordinate, +1, x, delta, candidate, labels, probability, basisH, basisW, out rightLogits);
                    foreach (int i in retry)
                    {
                        iterations[i]++;
                    }
                }

                Accept(active, improved, leftLogits, -1);
                Accept(retry, rightImproved, rightLogits, +1);

                void Accept(int[] which, bool[] ok, float[]? probeLogits, int sign)
                {
                    for (int a = 0; a < which.Length; a++)
                    {
                        if (!ok[a])
                        {
                            continue;
                        }

                        int i = which[a];
                        AddDirection(delta.AsSpan(i * len, len), coordinate[i], (float)(sign * Eps), basisH, basisW);
                        var z = probeLogits!.AsSpan(a * k, k);
                        probability[i] = Probability(z, labels[i]);
                        done[i] = IsSuccess(z, labels[i]);
                    }
                }
            }

            for (int i = 0; i < rows; i++)
            {
                Compose(x.AsSpan(i * len, len), delta.AsSpan(i * len, len), adv.AsSpan(i * len, len));
            }

            return adv;
        }

        // Queries x₀ + δ + sign·ε·q for the given samples; returns which lowered p(y) (raised p(t) when targeted).
        private bool[] Probe(int[] which, Dictionary<int, int> coordinate, int sign, float[] x, float[] delta, float[] buffer, int[] labels, double[] probability,
            float[] basisH, float[] basisW, out float[] logits)
        {
            int len = ImageLength, k = Model.Classes;
            var batch = new float[which.Length * len];
            for (int a = 0; a < which.Length; a++)
            {
                int i = which[a];
                var trial = buffer.AsSpan(i * len, len);
                delta.AsSpan(i * len, len).CopyTo(trial);
                AddDirection(trial, coordinate[i], (float)(sign * Eps), basisH, basisW);
                Compose(x.AsSpan(i * len, len), trial, batch.AsSpan(a * len, len));
            }

            logits = Model.Forward(batch, which.Length);
            var improved = new bool[which.Length];
            for (int a = 0; a < which.Length; a++)
            {
                double p = Probability(logits.AsSpan(a * k, k), labels[which[a]]);
                improved[a] = Targeted ? p > probability[which[a]] : p < probability[which[a]];
            }

            return improved;
        }

        private void Compose(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, Span<float> output)
        {
            for (int j = 0; j < x.Length; j++)
            {
                float d = Settings.LinfBound > 0 ? Math.Clamp(delta[j], (float)-Settings.LinfBound, (float)Settings.LinfBound) : delta[j];
                output[j] = Math.Clamp(x[j] + d, 0f, 1f);
            }
        }

        // Coordinate = (channel·side + u)·side + v: a pixel (u, v) or a DCT frequency (u, v) of one channel.
        private void AddDirection(Span<float> delta, int coordinate, float step, float[] basisH, float[] basisW)
        {
            int h = Model.Height, w = Model.Width;
            (int ch, int u, int v) = Decode(coordinate);
            var plane = delta.Slice(ch * h * w, h * w);
            if (Basis == SimBABasis.Pixel)
            {
                plane[u * w + v] += step;
                return;
            }

            // The orthonormal DCT basis image of frequency (u, v): D_H[u, r]·D_W[v, c]; its L2 norm is 1.
            for (int r = 0; r < h; r++)
            {
                float a = step * basisH[u * h + r];
                for (int c = 0; c < w; c++)
                {
                    plane[r * w + c] += a * basisW[v * w + c];
                }
            }
        }

        private (int Channel, int U, int V) Decode(int coordinate)
        {
            int hw = Model.Height * Model.Width;
            return (coordinate / hw, coordinate % hw / Model.Width, coordinate % Model.Width);
        }

        private int[] CoordinateOrder(int side, Random rng)
        {
            int h = Model.Height, w = Model.Width, c = Model.Channels;
            // The strided order covers the whole image: the side×side block first, then strips Stride wide.
            int initial = Math.Max(1, side);
            int limit = Settings.Order == SimBAOrder.Strided ? Math.Max(h, w) : side;
            var coordinates = new List<(int Key, double Tie, int Index)>();
            for (int ch = 0; ch < c; ch++)
            {
                for (int u = 0; u < Math.Min(limit, h); u++)
                {
                    for (int v = 0; v < Math.Min(limit, w); v++)
                    {
                        int ring = Math.Max(u, v);
                        int key = Settings.Order switch
                        {
                            SimBAOrder.Diagonal => u + v,
                            SimBAOrder.Strided => ring < initial ? 0 : 1 + (ring - initial) / Settings.Stride,
                            _ => 0,
                        };
                        coordinates.Add((key, rng.NextDouble(), (ch * h + u) * w + v));
                    }
                }
            }

            return coordinates.OrderBy(t => t.Key).ThenBy(t => t.Tie).Select(t => t.Index).ToArray();
        }

        private static double Probability(ReadOnlySpan<float> logits, int label) => Logits.Softmax(logits, label);
    }
}
