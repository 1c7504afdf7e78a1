using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetFreq.Onnx.Gradients;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// A classifier loaded once and run on batches of any size: <see cref="Forward"/> gives logits; <see cref="Gradient"/>
/// gives the logits and ∂L/∂input for a seed ∂L/∂logits (or ∂L/∂ of a named inner tensor), from the model's graph
/// extended with reverse-mode nodes (<see cref="GradientGraphBuilder"/>). Inputs are float32 [N, C, H, W] pixels in
/// [0, 1]. Thread-safe: ONNX Runtime sessions may be run concurrently.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly ModelSessionOptions _options;
    private readonly InferenceSession _forward;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (InferenceSession Session, GradientGraph Graph)> _gradients = new(StringComparer.Ordinal);
    private readonly int _logitsRank;

    private ModelSession(PreparedModel prepared, ModelSessionOptions options, string source)
    {
        Prepared = prepared;
        _options = options;
        Source = source;
        _forward = OrtRunner.Create(prepared.Model, options, source);
        int n = prepared.DynamicBatch ? 1 : prepared.FixedBatchSize;
        var probe = RunForward(new float[n * prepared.ImageLength], n, out _logitsRank);
        Classes = probe.Length / n;
    }

    /// <summary>Where the model came from (for messages).</summary>
    public string Source { get; }

    /// <summary>Our working copy of the model.</summary>
    public PreparedModel Prepared { get; }

    /// <summary>Channels of the input.</summary>
    public int Channels => Prepared.Channels;

    /// <summary>Height of the input.</summary>
    public int Height => Prepared.Height;

    /// <summary>Width of the input.</summary>
    public int Width => Prepared.Width;

    /// <summary>Number of logits per image.</summary>
    public int Classes { get; }

    /// <summary>Images run through the forward and the gradient graphs so far.</summary>
    public PassCounter Passes { get; } = new();

    /// <summary>ONNX Runtime intra-op threads this session runs with.</summary>
    public int IntraOpThreads => _options.EffectiveIntraOpThreads;

    /// <summary>Loads a model file.</summary>
    public static ModelSession Load(string path, ModelSessionOptions? options = null) =>
        Create(OnnxModelFile.Load(path), path, options);

    /// <summary>Creates a session from a parsed model.</summary>
    public static ModelSession Create(ModelProto model, string source, ModelSessionOptions? options = null)
    {
        options ??= new ModelSessionOptions();
        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatchSize, "MaxBatchSize: expected at least 1 row per call.");
        }

        _ = options.EffectiveIntraOpThreads; // a negative count fails here, naming the option

        return new ModelSession(ModelPreparer.Prepare(model, options, source), options, source);
    }

    /// <summary>Logits [n, Classes] of <paramref name="n"/> images.</summary>
    public float[] Forward(ReadOnlySpan<float> images, int n)
    {
        CheckImages(images, n);
        var logits = new float[n * Classes];
        for (int start = 0; start < n; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, n - start);
            Passes.AddForward(count);
            var chunk = images.Slice(start * Prepared.ImageLength, count * Prepared.ImageLength);
            if (WritesInPlace)
            {
                RunInPlace(_forward, chunk, count, null, [Prepared.OutputName], [logits.AsMemory(start * Classes, count * Classes)], [[count, Classes]]);
                continue;
            }

            float[] part = RunForward(chunk.ToArray(), count, out _);
            part.AsSpan(0, count * Classes).CopyTo(logits.AsSpan(start * Classes));
        }

        return logits;
    }

    /// <summary>
    /// Logits and ∂L/∂images for <paramref name="seed"/> = ∂L/∂(target tensor), where the target is the logits output
    /// (default) or the inner tensor <paramref name="node"/>. The seed holds n × (target elements per image) values.
    /// </summary>
    public GradientResult Gradient(ReadOnlySpan<float> images, int n, ReadOnlySpan<float> seed, string? node = null) =>
        FloatSeeded(images, n, node, SeedKind.Input, seed, "a seed", nameof(seed));

    /// <summary>
    /// Values g of the inner tensor <paramref name="node"/> and ∂/∂images of Σᵢ ½‖g(xᵢ) − tᵢ‖₂² in one ONNX Runtime run per
    /// chunk (the seed g − t is computed inside the graph): representation matching. <paramref name="targetValues"/> holds
    /// n × (elements of g per image) values.
    /// </summary>
    public GradientResult RepresentationGradient(ReadOnlySpan<float> images, int n, string node, ReadOnlySpan<float> targetValues)
    {
        ArgumentNullException.ThrowIfNull(node);
        return FloatSeeded(images, n, node, SeedKind.RepresentationTarget, targetValues, "target values", nameof(targetValues));
    }

    // Runs a gradient graph whose extra input is float data of the target tensor's shape (a seed or target values).
    private GradientResult FloatSeeded(ReadOnlySpan<float> images, int n, string? node, SeedKind kind, ReadOnlySpan<float> values, string what, string parameter)
    {
        CheckImages(images, n);
        var (session, graph) = GradientSession(node, kind);
        int perRow = (int)graph.TargetShape.FixedElements;
        if (values.Length != n * perRow)
        {
            throw new ArgumentException($"{Source}: expected {what} of n × {perRow} = {n * perRow} values ('{graph.Target}', shape {graph.TargetShape} per batch), found {values.Length}.", parameter);
        }

        float[] all = values.ToArray();
        long[] dims = graph.TargetShape.Dims;
        return RunGradient(images, n, session, graph, (start, count, rows) =>
        {
            var chunk = new float[rows * perRow];
            all.AsSpan(start * perRow, count * perRow).CopyTo(chunk);
            return OrtValue.CreateTensorValueFromMemory(chunk, dims.Select(d => d == TensorShape.Batch ? rows : d).ToArray());
        });
    }

    /// <summary>
    /// Logits and ∂/∂images of Σᵢ cross-entropy(f(xᵢ), yᵢ) in one ONNX Runtime run per chunk: the seed
    /// softmax(z) − onehot(y) is computed inside the graph. Targeted attacks pass the target classes and descend.
    /// </summary>
    public GradientResult CrossEntropyGradient(ReadOnlySpan<float> images, int n, ReadOnlySpan<int> labels)
    {
        CheckImages(images, n);
        CheckLabels(labels, n, nameof(labels));

        var (session, graph) = GradientSession(null, SeedKind.CrossEntropyLabels);
        long[] all = new long[n];
        for (int i = 0; i < n; i++)
        {
            all[i] = labels[i];
        }

        return RunGradient(images, n, session, graph, (start, count, rows) =>
        {
            var y = new long[rows];
            all.AsSpan(start, count).CopyTo(y);
            return OrtValue.CreateTensorValueFromMemory(y, [rows]);
        });
    }

    /// <summary>
    /// Logits and ∂/∂images of Σᵢ DLR(f(xᵢ), yᵢ[, tᵢ]) (<see cref="Losses.LossSeeds.Dlr"/>) in one ONNX Runtime run per chunk:
    /// the seed is computed inside the graph. <paramref name="targets"/> empty, or −1 in a row, means untargeted.
    /// </summary>
    public GradientResult DlrGradient(ReadOnlySpan<float> images, int n, ReadOnlySpan<int> labels, ReadOnlySpan<int> targets = default)
    {
        CheckImages(images, n);
        CheckLabels(labels, n, nameof(labels));
        if (!targets.IsEmpty)
        {
            CheckLabels(targets, n, nameof(targets), allowNone: true);
        }

        bool anyTarget = targets.IndexOfAnyExcept(-1) >= 0;
        if (Classes < 3 || (anyTarget && Classes < 4))
        {
            throw new ArgumentException($"{Source}: the {(anyTarget ? "targeted " : "")}DLR loss needs at least {(anyTarget ? 4 : 3)} classes, the model has {Classes}.", nameof(labels));
        }

        var (session, graph) = GradientSession(null, SeedKind.DlrPairs);
        long[] all = new long[2 * n];
        for (int i = 0; i < n; i++)
        {
            all[2 * i] = labels[i];
            all[2 * i + 1] = targets.IsEmpty ? -1 : targets[i];
        }

        return RunGradient(images, n, session, graph, (start, count, rows) =>
        {
            // Padding rows of a fixed-batch model get label 0, untargeted: their gradient is discarded.
            var pairs = new long[2 * rows];
            for (int i = count; i < rows; i++)
            {
                pairs[2 * i + 1] = -1;
            }

            all.AsSpan(2 * start, 2 * count).CopyTo(pairs);
            return OrtValue.CreateTensorValueFromMemory(pairs, [rows, 2]);
        });
    }

    private void CheckLabels(ReadOnlySpan<int> labels, int n, string parameter, bool allowNone = false)
    {
        if (labels.Length != n)
        {
            throw new ArgumentException($"{Source}: expected {n} {parameter} (one per image), found {labels.Length}.", parameter);
        }

        for (int i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)Classes && !(allowNone && labels[i] == -1))
            {
                throw new ArgumentOutOfRangeException(parameter, labels[i], $"{Source}: {parameter} {labels[i]} at row {i} is outside the model's classes 0…{Classes - 1}.");
            }
        }
    }

    private GradientResult RunGradient(ReadOnlySpan<float> images, int n, InferenceSession session, GradientGraph graph, Func<int, int, int, OrtValue> seedChunk)
    {
        int targetPerRow = (int)graph.TargetShape.FixedElements;
        var logits = new float[n * Classes];
        // Every element is written below (chunk by chunk): no need to zero a batch-sized array first.
        var grad = GC.AllocateUninitializedArray<float>(images.Length);
        var target = graph.Target == Prepared.OutputName ? null : new float[n * targetPerRow];
        var outputs = new List<string> { Prepared.OutputName, graph.InputGradient };
        if (target is not null)
        {
            outputs.Add(graph.Target);
        }

        for (int start = 0; start < n; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, n - start);
            Passes.AddGradient(count);
            if (WritesInPlace && target is null)
            {
                using var seedValue = seedChunk(start, count, count);
                RunInPlace(session, images.Slice(start * Prepared.ImageLength, count * Prepared.ImageLength), count, (graph.Seed, seedValue),
                    [Prepared.OutputName, graph.InputGradient],
                    [logits.AsMemory(start * Classes, count * Classes), grad.AsMemory(start * Prepared.ImageLength, count * Prepared.ImageLength)],
                    [[count, Classes], [count, Channels, Height, Width]]);
                continue;
            }

            int rows = Prepared.DynamicBatch ? count : Prepared.FixedBatchSize;
            var x = new float[rows * Prepared.ImageLength];
            images.Slice(start * Prepared.ImageLength, count * Prepared.ImageLength).CopyTo(x);
            using var xv = OrtValue.CreateTensorValueFromMemory(x, [rows, Channels, Height, Width]);
            using var sv = seedChunk(start, count, rows);
            using var results = Passes.TimeRun(() => OrtRunner.Run(session, new Dictionary<string, OrtValue> { [Prepared.InputName] = xv, [graph.Seed] = sv }, outputs));
            results[0].GetTensorDataAsSpan<float>()[..(count * Classes)].CopyTo(logits.AsSpan(start * Classes));
            results[1].GetTensorDataAsSpan<float>()[..(count * Prepared.ImageLength)].CopyTo(grad.AsSpan(start * Prepared.ImageLength));
            if (target is not null)
            {
                results[2].GetTensorDataAsSpan<float>()[..(count * targetPerRow)].CopyTo(target.AsSpan(start * targetPerRow));
            }
        }

        return new GradientResult(logits, grad, target);
    }

    /// <summary>The extended (gradient) model for the logits or the inner tensor <paramref name="node"/>, seeded as <paramref name="seed"/> says.</summary>
    public GradientGraph GradientModel(string? node = null, SeedKind seed = SeedKind.Input) => GradientSession(node, seed).Graph;

    /// <summary>Ends ONNX Runtime profiling (when <see cref="ModelSessionOptions.ProfilePrefix"/> was set) and returns the profile files written.</summary>
    public IReadOnlyList<string> EndProfiling()
    {
        lock (_gate)
        {
            return [_forward.EndProfiling(), .. _gradients.Values.Select(g => g.Session.EndProfiling())];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _forward.Dispose();
        foreach (var (s, _) in _gradients.Values)
        {
            s.Dispose();
        }
    }

    private (InferenceSession Session, GradientGraph Graph) GradientSession(string? node, SeedKind seed)
    {
        string key = $"{seed}|{node}";
        lock (_gate)
        {
            if (!_gradients.TryGetValue(key, out var entry))
            {
                var graph = GradientGraphBuilder.Build(Prepared, node, Source, seed);
                entry = (OrtRunner.Create(graph.Model, _options, Source), graph);
                _gradients[key] = entry;
            }

            return entry;
        }
    }

    // A model with a dynamic batch and [N, classes] logits: ONNX Runtime reads the caller's images where they are and writes
    // its outputs straight into our result arrays, without the staging arrays and copies in and out (measured with
    // `bench gradient` on the pretrained CIFAR-10 ResNet-20, batch 64, alternating builds: 46.3 → 45.4 ms median). A
    // fixed-batch model pads its input and keeps the copying path.
    private bool WritesInPlace => Prepared.DynamicBatch && _logitsRank == 2;

    private unsafe void RunInPlace(InferenceSession session, ReadOnlySpan<float> images, int count, (string Name, OrtValue Value)? extra,
        string[] outputNames, Memory<float>[] outputs, long[][] shapes)
    {
        fixed (float* pixels = images)
        {
            using var input = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                [count, Channels, Height, Width], (IntPtr)pixels, (long)images.Length * sizeof(float));
            var values = new OrtValue[outputs.Length];
            try
            {
                for (int i = 0; i < outputs.Length; i++)
                {
                    values[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputs[i], shapes[i]);
                }

                string[] inputNames = extra is { } e ? [Prepared.InputName, e.Name] : [Prepared.InputName];
                OrtValue[] inputValues = extra is { } v ? [input, v.Value] : [input];
                using var runOptions = new RunOptions();
                Passes.TimeRun(() => session.Run(runOptions, inputNames, inputValues, outputNames, values));
            }
            finally
            {
                foreach (var value in values)
                {
                    value?.Dispose();
                }
            }
        }
    }

    private float[] RunForward(float[] x, int n, out int logitsRank)
    {
        int rows = Prepared.DynamicBatch ? n : Prepared.FixedBatchSize;
        if (rows != n)
        {
            Array.Resize(ref x, rows * Prepared.ImageLength);
        }

        using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, Channels, Height, Width]);
        using var outputs = Passes.TimeRun(() => OrtRunner.Run(_forward, new Dictionary<string, OrtValue> { [Prepared.InputName] = input }, [Prepared.OutputName]));
        logitsRank = outputs[0].GetTensorTypeAndShape().Shape.Length;
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private int ChunkSize => Prepared.DynamicBatch ? _options.MaxBatchSize : Prepared.FixedBatchSize;

    private void CheckImages(ReadOnlySpan<float> images, int n)
    {
        if (n < 0 || images.Length != (long)n * Prepared.ImageLength)
        {
            throw new ArgumentException(
                $"{Source}: expected {n} images of [{Channels},{Height},{Width}] = {(long)n * Prepared.ImageLength} values, found {images.Length}.", nameof(images));
        }

        for (int i = 0; i < images.Length; i++)
        {
            if (!float.IsFinite(images[i]))
            {
                throw new ArgumentException($"{Source}: expected finite pixel values, found {images[i]} in image {i / Prepared.ImageLength} at offset {i % Prepared.ImageLength}.", nameof(images));
            }
        }
    }
}

/// <summary>Result of <see cref="ModelSession.Gradient"/>: logits [n, K], ∂L/∂images [n, C, H, W], and the inner target's values when one was named.</summary>
public sealed record GradientResult(float[] Logits, float[] InputGradient, float[]? TargetValues);
