using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Datasets;

/// <summary>
/// Robust / non-robust data sets (Ilyas et al. 2019; the paper's Experiment II): for each (x, y), z starts from
/// another image of the set chosen at random (seeded) and descends <c>‖g(z) − g(x)‖₂</c> (optionally divided by
/// ‖g(x)‖₂) over z ∈ [0, 1] with normalised-gradient L2 steps <c>z ← clip₀₁(z − α·∇/‖∇‖₂)</c>, optionally projected
/// into an L2 ball around its start; g is an inner tensor of the model (default: the input of its last Gemm/MatMul).
/// A robust model's g yields the robust set, a natural model's the non-robust one; z keeps x's label.
/// </summary>
public sealed class RepresentationMatching
{
    private readonly ModelSession _model;

    /// <summary>Matches representations of <paramref name="model"/>.</summary>
    public RepresentationMatching(ModelSession model, string? node = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Node = node ?? DefaultNode(model);
    }

    /// <summary>The tensor g.</summary>
    public string Node { get; }

    /// <summary>Descent steps.</summary>
    public int Steps { get; set; } = 100;

    /// <summary>L2 length of each step.</summary>
    public double StepSize { get; set; } = 0.1;

    /// <summary>Radius of the L2 ball around the start that z stays in; null for none.</summary>
    public double? L2Bound { get; set; }

    /// <summary>Divide the distance by ‖g(x)‖₂.</summary>
    public bool Normalize { get; set; }

    /// <summary>Seed of the starting images.</summary>
    public int Seed { get; set; }

    /// <summary>Images matched together.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>The input of the last Gemm or MatMul of the graph (the classifier's features).</summary>
    public static string DefaultNode(ModelSession model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var last = model.Prepared.Model.Graph.Node.LastOrDefault(n => n.OpType is "Gemm" or "MatMul")
            ?? throw new ArgumentException($"{model.Source}: no Gemm or MatMul node to take the representation from; name a node.");
        return last.Input[0];
    }

    /// <summary>
    /// Throws <see cref="Descriptors.MethodOptionException"/> naming the first setting that cannot be meant, by the
    /// checks of <see cref="RepresentationMatchingOptions"/> (the one place they are written).
    /// </summary>
    public void Validate() =>
        new RepresentationMatchingOptions { Node = Node, Steps = Steps, StepSize = StepSize, L2Bound = L2Bound, NormalizeDistance = Normalize, Seed = Seed }.Validate();

    /// <summary>
    /// Generates z for every image [n, C, H, W] of the set (the starting images are drawn from the same set).
    /// Returns the images and the mean objective before the first step and after every step.
    /// </summary>
    public (float[] Images, double[] Objective) Generate(ReadOnlySpan<float> images, int n, IProgress<int>? progress = null, CancellationToken cancellation = default) =>
        Generate(images, n, 0, n, progress, cancellation);

    /// <summary>
    /// Generates z for images <paramref name="first"/> … first + count − 1 of the set of n; starts are drawn from the
    /// whole set and seeded by each image's index, so any split into ranges (chunks written and resumed separately)
    /// gives the same images as one call. Returns the range's images and its mean objective per step.
    /// </summary>
    public (float[] Images, double[] Objective) Generate(ReadOnlySpan<float> images, int n, int first, int count, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        Validate();
        if (n < 2)
        {
            throw new ArgumentException($"images: expected at least two images (each starts from another one), found {n}.", nameof(n));
        }

        if (first < 0 || count < 0 || first + count > n)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Expected a range of images within 0…{n - 1}, found first {first}, count {count}.");
        }

        int len = _model.Channels * _model.Height * _model.Width;
        if (images.Length != (long)n * len)
        {
            throw new ArgumentException($"Expected {n} images of [{_model.Channels},{_model.Height},{_model.Width}] = {(long)n * len} values, found {images.Length}.", nameof(images));
        }

        var result = new float[count * len];
        var objective = new double[Steps + 1];
        for (int done = 0; done < count; done += MaxBatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(MaxBatchSize, count - done);
            var z = MatchBlock(images, n, first + done, rows, objective, count);
            z.CopyTo(result, done * len);
            progress?.Report(done + rows);
        }

        return (result, objective);
    }

    // Matches images first … first + rows − 1; adds each step's objective / total into objective.
    private float[] MatchBlock(ReadOnlySpan<float> images, int n, int first, int rows, double[] objective, int total)
    {
        int len = _model.Channels * _model.Height * _model.Width;
        var x = images.Slice(first * len, rows * len).ToArray();
        var z = new float[rows * len];
        for (int i = 0; i < rows; i++)
        {
            images.Slice(StartOf(first + i, n) * len, len).CopyTo(z.AsSpan(i * len));
        }

        var start = (float[])z.Clone();
        float[] target = Representation(x, rows);
        int width = target.Length / rows;
        var norms = Enumerable.Range(0, rows).Select(i => Normalize ? Math.Max(1e-12, Norm(target.AsSpan(i * width, width))) : 1).ToArray();
        for (int s = 0; s <= Steps; s++)
        {
            // One run gives g(z) (for the objective) and ∇z ½‖g(z) − g(x)‖², whose per-image direction is that of
            // ∇z ‖g(z) − g(x)‖ (and of the normalised distance): each step is normalised per image.
            var run = _model.RepresentationGradient(z, rows, Node, target);
            float[] current = run.TargetValues ?? run.Logits;
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                sum += Distance(current.AsSpan(i * width, width), target.AsSpan(i * width, width)) / norms[i];
            }

            objective[s] += sum / total;
            if (s == Steps)
            {
                break;
            }

            float[] g = run.InputGradient;
            for (int i = 0; i < rows; i++)
            {
                var gi = g.AsSpan(i * len, len);
                double norm = Norm(gi) + 1e-12;
                var zi = z.AsSpan(i * len, len);
                for (int j = 0; j < len; j++)
                {
                    zi[j] = (float)Math.Clamp(zi[j] - StepSize * gi[j] / norm, 0, 1);
                }
            }

            if (L2Bound is { } bound)
            {
                Perturbations.ProjectAndClip(z, start, rows, len, bound, l2: true, []);
            }
        }

        return z;
    }

    /// <summary>The starting image of image <paramref name="index"/> in a set of n (the same draw as <see cref="Generate(ReadOnlySpan{float}, int, int, int, IProgress{int}?, CancellationToken)"/>).</summary>
    public int StartOf(int index, int n)
    {
        int other = SeededRandom.For(Seed, index, 11).Next(n - 1);
        return other + (other >= index ? 1 : 0);
    }

    private float[] Representation(float[] images, int rows)
    {
        int width = (int)_model.GradientModel(Node, Onnx.Gradients.SeedKind.RepresentationTarget).TargetShape.FixedElements;
        var run = _model.RepresentationGradient(images, rows, Node, new float[rows * width]);
        return run.TargetValues ?? run.Logits;
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - b[k];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    private static double Norm(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (float a in v)
        {
            sum += (double)a * a;
        }

        return Math.Sqrt(sum);
    }
}
