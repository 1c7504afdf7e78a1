using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>corruption-accuracy</c>: each shard's corruption table (random corruptions seeded by the images' global indices;
/// counts and exact RCT sums); merged: the tables added and written as <c>mlnetfreq corruption-accuracy --output</c>
/// writes its CSV.
/// </summary>
public sealed class CorruptionShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "corruption-accuracy";

    private static CorruptionAccuracyOptions Options(JobDefinition job) => string.IsNullOrEmpty(job.OptionsJson)
        ? new CorruptionAccuracyOptions()
        : JsonSerializer.Deserialize<MethodOptions>(job.OptionsJson, MethodRegistry.Json) as CorruptionAccuracyOptions
            ?? throw new ArgumentException("corruption-accuracy: expected corruption-accuracy options.");

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
            throw new ArgumentException($"{job.DataPath}: corruption accuracy needs labels; the job names none for this source.");
        }

        var table = new CorruptionAccuracy(inputs.Model(job), Options(job)).Evaluate(images, labels, shard.Start);
        File.WriteAllText(Path.Combine(folder, "table.json"), JsonSerializer.Serialize(table));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        var table = folders.Select(f => JsonSerializer.Deserialize<CorruptionTable>(File.ReadAllText(Path.Combine(f, "table.json")))!).Aggregate((a, b) => a.Merge(b));
        ShardFiles.WriteWhole(job.OutputPath, temp => File.WriteAllLines(temp, table.ToCsv()));
    }
}
