namespace MlNetFreq.Cluster.Jobs;

/// <summary>
/// A job: one of our operations with its options (the method descriptors' JSON), a data source and an output path that
/// every silo can read and write (shared storage), cut into index-range shards. Its hash-like identity is the whole
/// record: resubmitting the same definition resumes the job, another one under the same id is refused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobDefinition
{
    /// <summary>The operation (<see cref="Operations.ShardOperations"/>): a registered operation's name (<c>attack</c>, <c>heatmap</c>, …), <c>autoattack</c> or <c>validate</c>.</summary>
    [Id(0)] public required string Operation { get; init; }

    /// <summary>The operation's method options as the registry writes them (<c>{"method": "pgd", "eps": 0.1}</c>); empty for <c>dct</c>.</summary>
    [Id(1)] public string OptionsJson { get; init; } = "";

    /// <summary>A registered operation's own settings as a JSON object of option names and values; empty for none.</summary>
    [Id(12)] public string SettingsJson { get; init; } = "";

    /// <summary>A registered operation's extra inputs (e.g. a reference image) as data, so no silo reads another file; empty for none.</summary>
    [Id(13)] public string InputsJson { get; init; } = "";

    /// <summary>Images: any source the one-machine commands read (a .npy, a CIFAR-10 batch or folder, IDX, an image folder).</summary>
    [Id(2)] public required string DataPath { get; init; }

    /// <summary>
    /// SHA-256 of the job's images and labels as read (the first <see cref="Images"/> of them: float32 pixels, then int32
    /// labels), recorded at submission; every silo checks what it reads against it, so data changed or swapped (for a
    /// link to another file) after submission is an error, never a result.
    /// </summary>
    [Id(14)] public string? DataSha256 { get; init; }

    /// <summary>Labels for a .npy source; null for sources that carry them.</summary>
    [Id(3)] public string? LabelsPath { get; init; }

    /// <summary>The ONNX model, for operations that need one.</summary>
    [Id(4)] public string? ModelPath { get; init; }

    /// <summary>SHA-256 of the model file (hex); every silo checks it before working with the model.</summary>
    [Id(5)] public string? ModelSha256 { get; init; }

    /// <summary>The merged output (.npy, or the spectrum table), where the one-machine command's --output would put it; shards go to OUTPUT.shards/.</summary>
    [Id(6)] public required string OutputPath { get; init; }

    /// <summary>An optional merged JSON report (the one-machine --report).</summary>
    [Id(7)] public string? ReportPath { get; init; }

    /// <summary>
    /// The operation's other outputs the job names (e.g. <c>validate</c>'s <c>junit</c>), as a JSON object of output name
    /// and full path; empty for none. Confined and checked as every path of a job.
    /// </summary>
    [Id(15)] public string OtherOutputsJson { get; init; } = "";

    /// <summary>The outputs of <see cref="OtherOutputsJson"/>, by name.</summary>
    public IReadOnlyDictionary<string, string> OtherOutputs() =>
        string.IsNullOrEmpty(OtherOutputsJson) ? new Dictionary<string, string>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(OtherOutputsJson) ?? [];

    /// <summary>An optional figure or folder of figures (the one-machine --plot), drawn by the client that merges the job.</summary>
    [Id(10)] public string? PlotPath { get; init; }

    /// <summary>
    /// A normalisation the model's graph expects but does not contain (<c>--normalize MEAN…,STD…</c>), prepended on every
    /// silo as on one machine; null when the graph normalises by itself.
    /// </summary>
    [Id(11)] public string? Normalize { get; init; }

    /// <summary>The session options every silo (and the submitting client) opens the job's model with.</summary>
    public Onnx.Sessions.ModelSessionOptions SessionOptions(int threads = 0)
    {
        var options = new Onnx.Sessions.ModelSessionOptions { IntraOpThreads = threads };
        return Normalize is { } text ? options.WithNormalization(text, "--normalize") : options;
    }

    /// <summary>Images in the job (the first N of the source).</summary>
    [Id(8)] public required int Images { get; init; }

    /// <summary>Images per shard.</summary>
    [Id(9)] public int ShardSize { get; init; } = 1000;

    /// <summary>Shards in the job.</summary>
    public int ShardCount => (Images + ShardSize - 1) / ShardSize;

    /// <summary>The index range of shard <paramref name="index"/>.</summary>
    public ShardRange Shard(int index) => new(index, index * ShardSize, Math.Min(ShardSize, Images - index * ShardSize));

    /// <summary>The folder of the shard files.</summary>
    public string ShardFolder => OutputPath + ".shards";
}

/// <summary>Images [Start, Start + Count) of a job, shard number <paramref name="Index"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardRange([property: Id(0)] int Index, [property: Id(1)] int Start, [property: Id(2)] int Count);

/// <summary>A shard leased to a worker until <paramref name="ExpiresUtc"/> unless renewed; <paramref name="Token"/> identifies the lease.</summary>
[GenerateSerializer, Immutable]
public sealed record Lease([property: Id(0)] string JobId, [property: Id(1)] JobDefinition Job, [property: Id(2)] ShardRange Shard, [property: Id(3)] Guid Token, [property: Id(4)] DateTime ExpiresUtc);

/// <summary>Where a job stands.</summary>
public enum JobState
{
    /// <summary>Shards remain to be computed.</summary>
    Running,

    /// <summary>Every shard is written.</summary>
    Done,

    /// <summary>A shard failed more often than the retry limit.</summary>
    Failed,

    /// <summary>Cancelled by a user.</summary>
    Cancelled,
}

/// <summary>Counts of a job's shards and its errors.</summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus(
    [property: Id(0)] JobState State,
    [property: Id(1)] int Shards,
    [property: Id(2)] int Done,
    [property: Id(3)] int Leased,
    [property: Id(4)] int Images,
    [property: Id(5)] int ImagesDone,
    [property: Id(6)] IReadOnlyList<string> Errors,
    [property: Id(7)] int Reissued);
