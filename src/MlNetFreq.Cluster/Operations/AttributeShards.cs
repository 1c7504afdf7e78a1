using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>attribute</c>: Occluded Frequency scores [N, bands] of each shard, as <c>mlnetfreq attribute</c> computes them
/// (a noise baseline seeded by the images' global indices); merged: the scores in order (the CLI draws `--plot`'s
/// figures from <see cref="Result"/>).
/// </summary>
public sealed class AttributeShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "attribute";

    private static OccludedFrequencyOptions Options(JobDefinition job) =>
        JsonSerializer.Deserialize<MethodOptions>(job.OptionsJson, MethodRegistry.Json) as OccludedFrequencyOptions
            ?? throw new ArgumentException("attribute: expected occluded-frequency options.");

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => Options(job).Target.NeedsLabels;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        var options = Options(job);
        options.Validate();
        if (options.Baseline == OcclusionBaseline.Reference)
        {
            throw new ArgumentException("--baseline reference: cluster jobs do not carry a reference image; use the zero, mean or noise baseline, or run mlnetfreq attribute on one machine.");
        }

        if (model is not null)
        {
            _ = new OccludedFrequency(model, options); // the options against the model's image size
        }
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var (images, labels, _) = inputs.Slice(job, shard);
        var result = new OccludedFrequency(inputs.Model(job), Options(job)).Explain(images, shard.Count, labels, firstIndex: shard.Start);
        NpyFile.Write(Path.Combine(folder, "scores.npy"), result.Scores, shard.Count, result.Bands);
        File.WriteAllText(Path.Combine(folder, "targets.json"), JsonSerializer.Serialize(new Targets(result.TargetClasses, result.CleanLogits, result.Classes)));
    }

    /// <summary>The merged attribution (scores, target classes, clean logits) of the finished shards, in order: what the figures are drawn from.</summary>
    public static AttributionResult Result(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var scores = folders.Select(f => NpyFile.Read(Path.Combine(f, "scores.npy"))).ToArray();
        var targets = folders.Select(f => JsonSerializer.Deserialize<Targets>(File.ReadAllText(Path.Combine(f, "targets.json")))!).ToArray();
        return new AttributionResult([.. scores.SelectMany(a => a.ToSingle())], scores[0].Shape[1], [.. targets.SelectMany(t => t.TargetClasses)],
            [.. targets.SelectMany(t => t.CleanLogits)], targets[0].Classes);
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        ShardFiles.Concatenate(folders.Select(f => Path.Combine(f, "scores.npy")).ToArray(), job.OutputPath);
    }

    private sealed record Targets(int[] TargetClasses, float[] CleanLogits, int Classes);
}
