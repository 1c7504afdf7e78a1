using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>heatmap</c>: the Fourier heat map's error counts of each shard (signs seeded by the images' global indices);
/// merged: the counts added, the map written as <c>mlnetfreq heatmap --output</c> writes it.
/// </summary>
public sealed class HeatMapShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "heatmap";

    private static FourierHeatMapOptions Options(JobDefinition job) => string.IsNullOrEmpty(job.OptionsJson)
        ? new FourierHeatMapOptions()
        : JsonSerializer.Deserialize<MethodOptions>(job.OptionsJson, MethodRegistry.Json) as FourierHeatMapOptions
            ?? throw new ArgumentException("heatmap: expected fourier-heatmap options.");

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
        var (images, labels, _) = inputs.Slice(job, shard);
        if (labels is null)
        {
            throw new ArgumentException($"{job.DataPath}: a heat map needs labels; the job names none for this source.");
        }

        var map = new FourierHeatMap(inputs.Model(job), Options(job)).Evaluate(images, labels, shard.Start);
        File.WriteAllText(Path.Combine(folder, "heatmap.json"), JsonSerializer.Serialize(map));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        var map = folders.Select(f => JsonSerializer.Deserialize<HeatMapResult>(File.ReadAllText(Path.Combine(f, "heatmap.json")))!).Aggregate((a, b) => a.Merge(b));
        ShardFiles.WriteWhole(job.OutputPath, temp => NpyFile.Write(temp, map.Error.Select(e => (float)e).ToArray(), map.MapHeight, map.MapWidth));
        if (job.ReportPath is { } report)
        {
            ShardFiles.WriteWhole(report, temp => File.WriteAllText(temp, JsonSerializer.Serialize(map, ShardFiles.Json)));
        }
    }
}
