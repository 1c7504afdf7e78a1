using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Methods.Attacks;

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
    Random,

    /// <summary>By anti-diagonals u + v, then channel; random within a diagonal.</summary>
    Diagonal,

    /// <summary>The reference's block order: the initial block, then L-shaped strips <see cref="SimBA.Stride"/> wide, random within each.</summary>
    Strided,
}

/// <summary>
/// Simple Black-box Attack (Guo et al. 2019), batched: only forward passes. For each sample, coordinates q of the
/// chosen basis are tried in order; x − εq is queried and kept if it lowers p(y|x) (targeted: raises p(t|x)),
/// otherwise x + εq is queried likewise. The image is clip₀₁(x₀ + δ), with δ clipped to [−bound, bound] when
/// <see cref="LinfBound"/> &gt; 0. Queries are counted as the reference does: one for the left probe, one more only
/// when it did not help. A sample stops when it is adversarial, out of queries or out of coordinates.
/// </summary>
public sealed class SimBA(ModelSession model) : Attack(model)
{
    /// <summary>Step in the basis (reference default 0.2).</summary>
    public double Eps { get; init; } = 0.2;

    /// <summary>Pixel or DCT basis.</summary>
    public SimBABasis Basis { get; init; } = SimBABasis.Dct;

    /// <summary>Coordinate order.</summary>
    public SimBAOrder Order { get; init; } = SimBAOrder.Random;

    /// <summary>
    /// Side of the low-frequency block searched (0: the whole image); for the strided order, the initial block. The
    /// pixel basis always searches the whole image.
    /// </summary>
    public int FreqDims { get; init; }

    /// <summary>Strip width of the strided order (reference 7).</summary>
    public int Stride { get; init; } = 7;

    /// <summary>L∞ bound of the total perturbation; 0 for none.</summary>
    public double LinfBound { get; init; }

    /// <summary>Query budget per sample; 0 means two per coordinate.</summary>
    public int MaxQueries { get; init; }

    /// <inheritdoc />
    protected override void Validate()
    {
        NonNegative(Eps, nameof(Eps));
        NonNegative(LinfBound, nameof(LinfBound));
        AtLeast(FreqDims, 0, nameof(FreqDims));
        AtLeast(Stride, 1, nameof(Stride));
        AtLeast(MaxQueries, 0, nameof(MaxQueries));
    }

    /// <inheritdoc />
    protected override float[] Perturb(float[] x, int[] labels, long firstIndex, int[] iterations, CancellationToken cancellation)
    {
        int rows = labels.Length, len = ImageLength, k = Model.Classes, h = Model.Height, w = Model.Width;
        int side = Basis == SimBABasis.Pixel || FreqDims == 0 ? Math.Max(h, w) : Math.Min(FreqDims, Math.Max(h, w));
        var orders = Enumerable.Range(0, rows).Select(i => CoordinateOrder(side, SeededRandom.For(Seed, firstIndex + i, 7))).ToArray();
        int budget = MaxQueries > 0 ? MaxQueries : 2 * orders[0].Length;
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
            float d = LinfBound > 0 ? Math.Clamp(delta[j], (float)-LinfBound, (float)LinfBound) : delta[j];
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
        int limit = Order == SimBAOrder.Strided ? Math.Max(h, w) : side;
        var coordinates = new List<(int Key, double Tie, int Index)>();
        for (int ch = 0; ch < c; ch++)
        {
            for (int u = 0; u < Math.Min(limit, h); u++)
            {
                for (int v = 0; v < Math.Min(limit, w); v++)
                {
                    int ring = Math.Max(u, v);
                    int key = Order switch
                    {
                        SimBAOrder.Diagonal => u + v,
                        SimBAOrder.Strided => ring < initial ? 0 : 1 + (ring - initial) / Stride,
                        _ => 0,
                    };
                    coordinates.Add((key, rng.NextDouble(), (ch * h + u) * w + v));
                }
            }
        }

        return coordinates.OrderBy(t => t.Key).ThenBy(t => t.Tie).Select(t => t.Index).ToArray();
    }

    private double Probability(ReadOnlySpan<float> logits, int label)
    {
        double max = double.NegativeInfinity;
        foreach (float z in logits)
        {
            max = Math.Max(max, z);
        }

        double sum = 0;
        foreach (float z in logits)
        {
            sum += Math.Exp(z - max);
        }

        return Math.Exp(logits[label] - max) / sum;
    }
}
