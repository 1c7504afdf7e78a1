using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>corruption-accuracy</c>: each shard's corruption table (random corruptions seeded by the images' global indices;
/// counts and exact RCT sums); merged: the tables added and written as <c>mlnetfreq corruption-accuracy --output</c>
/// writes its CSV.
/// </summary>
public sealed class CorruptionShards : DiagnosticShards<CorruptionAccuracyOptions, CorruptionTable>
{
    /// <inheritdoc />
    public override string Name => "corruption-accuracy";

    /// <inheritdoc />
    public override IReadOnlyList<string> OutputExtensions => [".csv"];

    /// <inheritdoc />
    protected override string Method => "corruption-accuracy";

    /// <inheritdoc />
    protected override CorruptionTable Evaluate(ModelSession model, CorruptionAccuracyOptions options, float[] images, int[] labels, long firstIndex) =>
        new CorruptionAccuracy(model, options).Evaluate(images, labels, firstIndex);

    /// <inheritdoc />
    protected override CorruptionTable Add(CorruptionTable first, CorruptionTable second) => first.Merge(second);

    /// <inheritdoc />
    protected override void Write(JobDefinition job, CorruptionTable table) => ShardFiles.WriteWhole(job.OutputPath, temp => File.WriteAllLines(temp, table.ToCsv()));
}
