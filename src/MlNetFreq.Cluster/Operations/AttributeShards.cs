using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>attribute</c>: Occluded Frequency scores [N, bands] of each shard, as <c>mlnetfreq attribute</c> computes them
/// (a noise baseline seeded by the images' global indices; a reference image travels in the options); merged: the scores in order (the CLI draws `--plot`'s
/// figures from <see cref="Result"/>).
/// </summary>
public sealed class AttributeShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "attribute";

    /// <summary>
    /// The job's options: the method's options as the registry writes them, and the reference image (the registry's
    /// options are flags; the image is data) beside them.
    /// </summary>
    public static string OptionsJson(OccludedFrequencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return JsonSerializer.Serialize(new Document(JsonSerializer.SerializeToElement<MethodOptions>(options, MethodRegistry.Json), options.Reference));
    }

    /// <summary>The options a job carries (<see cref="OptionsJson"/>).</summary>
    public static OccludedFrequencyOptions Options(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var document = JsonSerializer.Deserialize<Document>(job.OptionsJson) ?? throw new ArgumentException("attribute: the job has no options.");
        var options = document.Method.Deserialize<MethodOptions>(MethodRegistry.Json) as OccludedFrequencyOptions
            ?? throw new ArgumentException("attribute: expected occluded-frequency options.");
        return options with { Reference = document.Reference };
    }

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => Options(job).Target.NeedsLabels;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        var options = Options(job);
        options.Validate();
        if (model is not null)
        {
            _ = new OccludedFrequency(model, options); // the options against the model's image size (and the reference image's)
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

    private sealed record Document(JsonElement Method, float[]? Reference);
}
