using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// One of our operations run shard by shard. A shard's result depends only on the job and the shard's index range
/// (per-sample seeds), so shards can run anywhere, twice, in any order; merging them gives the one-machine output.
/// </summary>
public interface IShardOperation
{
    /// <summary>The operation's name in job definitions.</summary>
    string Name { get; }

    /// <summary>
    /// The extensions its output file may have (the format written; more than one where the extension picks it); empty
    /// when the output is a folder.
    /// </summary>
    IReadOnlyList<string> OutputExtensions => [".npy"];

    /// <summary>Whether its --plot is a folder of figures (else one PNG file).</summary>
    bool PlotIsFolder => false;

    /// <summary>Whether its images are pixels (finite, in [0, 1]), checked at submission; false for a transform of any tensor.</summary>
    bool ReadsPixels => true;

    /// <summary>Whether the job needs labels (a source without them is refused at submission).</summary>
    bool NeedsLabels(JobDefinition job);

    /// <summary>
    /// Checks the job's options before submission, against the job's model when it has one and the images' shape (a bad
    /// option is refused with the one-machine command's error before any silo sees the job).
    /// </summary>
    void Check(JobDefinition job, ModelSession? model, Spectral.Tensors.ImageBatchShape shape);

    /// <summary>Computes one shard into the (empty, temporary) folder <paramref name="folder"/>.</summary>
    void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder);

    /// <summary>Merges the finished shard folders (in shard order) into the job's outputs.</summary>
    void Merge(JobDefinition job, IReadOnlyList<string> folders);
}

/// <summary>The registered operations.</summary>
public static class ShardOperations
{
    /// <summary>Every operation a job may name.</summary>
    public static IReadOnlyList<IShardOperation> All { get; } =
        [.. MlNetFreq.Operations.OperationRegistry.All.Select(o => new RegisteredShards(o))];

    /// <summary>The operation called <paramref name="name"/>, or an error listing them.</summary>
    public static IShardOperation Get(string name) => All.FirstOrDefault(o => o.Name == name)
        ?? throw new ArgumentException($"operation: expected one of {string.Join(", ", All.Select(o => o.Name))}, found '{name}'.");
}
