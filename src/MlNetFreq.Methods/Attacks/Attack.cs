using System.Diagnostics;
using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// Base of every attack: checks the input, runs the attack over chunks of at most <see cref="MaxBatchSize"/> images
/// and assembles the per-sample report. Attacks work in [0, 1] pixel space on a <see cref="ModelSession"/> (logits
/// output). Untargeted by default: labels are the true classes; with <see cref="Targeted"/> they are the targets.
/// Every random choice depends only on (<see cref="Seed"/>, sample index), so results do not depend on batch size.
/// Its hyper-parameters are its options record (<see cref="AttackOptions"/>), the only place their defaults live.
/// </summary>
public abstract class Attack
{
    /// <summary>Attacks <paramref name="model"/> with <paramref name="options"/>.</summary>
    protected Attack(ModelSession model, AttackOptions options)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The attacked model.</summary>
    public ModelSession Model { get; }

    /// <summary>The hyper-parameters.</summary>
    public AttackOptions Options { get; }

    /// <summary>Labels are target classes to reach instead of true classes to leave.</summary>
    public bool Targeted => Options.Targeted;

    /// <summary>Seed of every random choice.</summary>
    public int Seed => Options.Seed;

    /// <summary>Images attacked together (one ONNX Runtime batch per step).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Values per image.</summary>
    protected int ImageLength => Model.Channels * Model.Height * Model.Width;

    /// <summary>
    /// Attacks images [n, C, H, W] in [0, 1] with their labels (or targets). <paramref name="firstIndex"/> is the global
    /// index of the first image (for per-sample seeds when a data set is attacked in pieces).
    /// </summary>
    public AttackResult Run(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, IProgress<int>? progress = null, long firstIndex = 0, CancellationToken cancellation = default)
    {
        var indices = new long[labels.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = firstIndex + i;
        }

        return Run(images, labels, indices, progress, cancellation);
    }

    /// <summary>
    /// Attacks images whose global indices (the identities their random streams derive from) are <paramref name="indices"/>:
    /// a subset of a data set (e.g. the samples an ensemble has not broken yet) gets the same streams as in a full run.
    /// </summary>
    public AttackResult Run(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<long> indices, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        if (indices.Length != labels.Length)
        {
            throw new ArgumentException($"Expected one index per label ({labels.Length}), found {indices.Length}.", nameof(indices));
        }

        CheckInputs(images, labels);
        int n = labels.Length, len = ImageLength;
        long start = Stopwatch.GetTimestamp();
        var adversarial = new float[images.Length];
        var iterations = new int[n];
        for (int first = 0; first < n; first += MaxBatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(MaxBatchSize, n - first);
            float[] x = images.Slice(first * len, rows * len).ToArray();
            int[] y = labels.Slice(first, rows).ToArray();
            var counts = new int[rows];
            float[] adv = Perturb(x, y, indices.Slice(first, rows).ToArray(), counts, cancellation);
            adv.CopyTo(adversarial, first * len);
            counts.CopyTo(iterations, first);
            progress?.Report(first + rows);
        }

        return Report(images, labels, adversarial, iterations, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Checks the options against the model before any work (an ensemble checks all its attacks first).</summary>
    public void CheckModel()
    {
        AtLeast(MaxBatchSize, 1, nameof(MaxBatchSize));
        Options.Validate();
        // The [0, 1] box's diameter is √(C·H·W): an L2 ball of that radius around any image holds every image.
        double diameter = Math.Sqrt(ImageLength);
        if (Options is { L2Budget: true, BudgetRadius: { } eps } && eps >= diameter)
        {
            throw new Descriptors.MethodOptionException("eps", $"expected an L2 budget below the diameter of the [0, 1] box of the model's [{Model.Channels},{Model.Height},{Model.Width}] images ({Descriptors.MethodOption.Format(diameter)}), found {Descriptors.MethodOption.Format(eps)}: every image lies inside that ball.");
        }

        CheckAgainstModel();
    }

    /// <summary>
    /// What every entry point of an attack checks before any work: the options against the model, one image of the
    /// model's shape per label, pixels in [0, 1] and labels among the model's classes.
    /// </summary>
    protected void CheckInputs(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        CheckModel();
        ImageInputs.Check(Model, images, labels);
    }

    /// <summary>Checks the options that depend on the model (e.g. a block size against the image size); throws <see cref="Descriptors.MethodOptionException"/>.</summary>
    protected virtual void CheckAgainstModel()
    {
    }

    /// <summary>
    /// Attacks one chunk: <paramref name="x"/> holds rows images, <paramref name="labels"/> their labels,
    /// <paramref name="indices"/> their global indices (for seeding). Writes iterations or queries per row.
    /// </summary>
    protected abstract float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation);

    /// <summary>True where the logits count as a success for the label (misclassified, or the target reached).</summary>
    protected bool IsSuccess(ReadOnlySpan<float> logits, int label) => Targeted ? Logits.ArgMax(logits) == label : Logits.ArgMax(logits) != label;

    /// <summary>Throws unless <paramref name="value"/> ≥ <paramref name="min"/>.</summary>
    private static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name}: expected at least {min}, found {value}.");
        }
    }

    private AttackResult Report(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, float[] adversarial, int[] iterations, double seconds)
    {
        int n = labels.Length, len = ImageLength, k = Model.Classes;
        float[] clean = Model.Forward(images, n);
        float[] logits = Model.Forward(adversarial, n);
        var success = new bool[n];
        var linf = new float[n];
        var l2 = new float[n];
        var cleanClass = new int[n];
        var advClass = new int[n];
        for (int i = 0; i < n; i++)
        {
            cleanClass[i] = Logits.ArgMax(clean.AsSpan(i * k, k));
            advClass[i] = Logits.ArgMax(logits.AsSpan(i * k, k));
            success[i] = IsSuccess(logits.AsSpan(i * k, k), labels[i]);
            double max = 0, sum = 0;
            for (int j = i * len; j < (i + 1) * len; j++)
            {
                double d = adversarial[j] - images[j];
                max = Math.Max(max, Math.Abs(d));
                sum += d * d;
            }

            linf[i] = (float)max;
            l2[i] = (float)Math.Sqrt(sum);
        }

        return new AttackResult(adversarial, success, linf, l2, iterations, cleanClass, advClass, logits, seconds);
    }
}
