using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>heatmap</c>: the Fourier heat map's error counts of each shard (signs seeded by the images' global indices);
/// merged: the counts added, the map and the report written as <c>mlnetfreq heatmap --output --report</c> writes them
/// (<see cref="HeatMapReport"/>).
/// </summary>
public sealed class HeatMapShards : DiagnosticShards<FourierHeatMapOptions, HeatMapResult>
{
    /// <inheritdoc />
    public override string Name => "heatmap";

    /// <inheritdoc />
    protected override string Method => "fourier-heatmap";

    /// <inheritdoc />
    protected override HeatMapResult Evaluate(ModelSession model, FourierHeatMapOptions options, float[] images, int[] labels, long firstIndex) =>
        new FourierHeatMap(model, options).Evaluate(images, labels, firstIndex);

    /// <inheritdoc />
    protected override HeatMapResult Add(HeatMapResult first, HeatMapResult second) => first.Merge(second);

    /// <inheritdoc />
    protected override void Write(JobDefinition job, HeatMapResult map)
    {
        ShardFiles.WriteWhole(job.OutputPath, temp => NpyFile.Write(temp, map.Error.Select(e => (float)e).ToArray(), map.MapHeight, map.MapWidth));
        if (job.ReportPath is { } report)
        {
            ShardFiles.WriteWhole(report, temp => File.WriteAllText(temp, HeatMapReport.Json(map, Options(job))));
        }
    }
}
