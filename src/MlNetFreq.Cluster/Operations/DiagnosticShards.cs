using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// A frequency diagnostic whose result over a data set is its parts' results added (<see cref="Add"/>): each shard
/// evaluates its images (random draws seeded by their global indices) and keeps its result as JSON; the merge adds them
/// in order and writes what the one-machine command writes.
/// </summary>
/// <typeparam name="TOptions">The diagnostic's options record (its registry name is <see cref="Method"/>).</typeparam>
/// <typeparam name="TResult">Its result, serialisable and addable.</typeparam>
public abstract class DiagnosticShards<TOptions, TResult> : IShardOperation
    where TOptions : MethodOptions, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The options' name in the method registry.</summary>
    protected abstract string Method { get; }

    /// <inheritdoc />
    public virtual IReadOnlyList<string> OutputExtensions => [".npy"];

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => true;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        Options(job).Validate();
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var (images, labels, _) = inputs.Slice(job, shard);
        if (labels is null)
        {
            throw new ArgumentException($"{job.DataPath}: {Name} needs labels; the job names none for this source.");
        }

        var result = Evaluate(inputs.Model(job), Options(job), images, labels, shard.Start);
        File.WriteAllText(Path.Combine(folder, "result.json"), JsonSerializer.Serialize(result));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        Write(job, Result(folders));
    }

    /// <summary>The finished shards' results (in order) added: what the merge writes and figures are drawn from.</summary>
    public TResult Result(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        return folders.Select(f => JsonSerializer.Deserialize<TResult>(File.ReadAllText(Path.Combine(f, "result.json")))!).Aggregate(Add);
    }

    /// <summary>The result of images whose first has global index <paramref name="firstIndex"/>.</summary>
    protected abstract TResult Evaluate(ModelSession model, TOptions options, float[] images, int[] labels, long firstIndex);

    /// <summary>Two consecutive parts' results as one.</summary>
    protected abstract TResult Add(TResult first, TResult second);

    /// <summary>Writes the merged result where the job says, as the one-machine command does.</summary>
    protected abstract void Write(JobDefinition job, TResult result);

    /// <summary>The job's options record.</summary>
    protected TOptions Options(JobDefinition job) => string.IsNullOrEmpty(job.OptionsJson)
        ? new TOptions()
        : JsonSerializer.Deserialize<MethodOptions>(job.OptionsJson, MethodRegistry.Json) as TOptions
            ?? throw new ArgumentException($"{Name}: expected {Method} options.");
}
