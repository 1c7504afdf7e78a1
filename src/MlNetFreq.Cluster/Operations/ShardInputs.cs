using System.Collections.Concurrent;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// What a silo keeps between shards: each data source read once, each model loaded once (after its SHA-256 is checked
/// against the job's), both shared by the silo's workers.
/// </summary>
public sealed class ShardInputs : IDisposable
{
    private readonly ConcurrentDictionary<(string, string?, int, string?), Lazy<LabeledImages>> _data = new();
    private readonly ConcurrentDictionary<(string, string?, string?), Lazy<ModelSession>> _models = new();

    /// <summary>Threads of each ONNX Runtime session (0: one per logical processor).</summary>
    public int Threads { get; init; }

    /// <summary>Images [Start, Start + Count) of the job's source, their labels (null when the source has none) and their shape.</summary>
    public (float[] Images, int[]? Labels, ImageBatchShape Shape) Slice(JobDefinition job, ShardRange shard)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(shard);
        var set = Source(job);
        var shape = set.Images.Shape;
        int len = shape.ImageLength;
        float[] images = set.Images.Data.AsSpan(shard.Start * len, shard.Count * len).ToArray();
        int[]? labels = set.Labels?.AsSpan(shard.Start, shard.Count).ToArray();
        return (images, labels, shape with { N = shard.Count });
    }

    /// <summary>The class names of the job's source, when it carries them.</summary>
    public IReadOnlyList<string>? ClassNames(JobDefinition job) => Source(job).ClassNames;

    private LabeledImages Source(JobDefinition job) =>
        _data.GetOrAdd((job.DataPath, job.LabelsPath, job.Images, job.DataSha256), key => new Lazy<LabeledImages>(() =>
        {
            var set = DataSources.Load(key.Item1, key.Item2, key.Item3);
            if (key.Item4 is { } expected && Fingerprint(set, key.Item3) is var actual && !actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{key.Item1}: expected the data the job was submitted with (SHA-256 {expected}), found {actual} on this machine.");
            }

            return set;
        })).Value;

    /// <summary>The SHA-256 of the first <paramref name="images"/> images of <paramref name="set"/> and their labels (<see cref="JobDefinition.DataSha256"/>).</summary>
    public static string Fingerprint(LabeledImages set, int images)
    {
        ArgumentNullException.ThrowIfNull(set);
        int n = Math.Min(images, set.Images.Shape.N);
        return Methods.Validation.DataFingerprint.Sha256(set.Images.Data.AsSpan(0, n * set.Images.Shape.ImageLength), set.Labels is { } labels ? labels.AsSpan(0, n) : []);
    }

    /// <summary>The job's model, loaded once per silo; its file must hash to the job's SHA-256.</summary>
    public ModelSession Model(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        string path = job.ModelPath ?? throw new ArgumentException($"Operation {job.Operation} needs a model; the job names none.");
        return _models.GetOrAdd((path, job.ModelSha256, job.Normalize), key => new Lazy<ModelSession>(() =>
        {
            string actual = Methods.Validation.DataFingerprint.FileSha256(key.Item1);
            if (key.Item2 is { } expected && !actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{key.Item1}: expected the model the job was submitted with (SHA-256 {expected}), found {actual} on this machine.");
            }

            return ModelSession.Load(key.Item1, job.SessionOptions(Threads));
        })).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var model in _models.Values.Where(m => m.IsValueCreated))
        {
            model.Value.Dispose();
        }
    }
}
