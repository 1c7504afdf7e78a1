using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>attack</c>: any registered attack (options JSON as the registry writes it) on each shard with the images' global
/// indices (so every per-sample seed is the one-machine run's); merged: the adversarial images in order and the report
/// recomputed from the per-sample records.
/// </summary>
public sealed class AttackShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "attack";

    private static AttackOptions Options(JobDefinition job) =>
        JsonSerializer.Deserialize<AttackOptions>(job.OptionsJson) ?? throw new ArgumentException("attack: the job has no attack options.");

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => true;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        CheckAgainst(Options(job), model);
    }

    /// <summary>The attack's options on their own and, given a model, against it (as the one-machine command checks them).</summary>
    internal static void CheckAgainst(AttackOptions options, ModelSession? model)
    {
        options.Validate();
        if (model is not null)
        {
            options.Create(model).CheckModel();
        }
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var model = inputs.Model(job);
        var (images, labels, s) = inputs.Slice(job, shard);
        if (labels is null)
        {
            throw new ArgumentException($"{job.DataPath}: an attack needs labels; the job names none for this source.");
        }

        long[] indices = Enumerable.Range(shard.Start, shard.Count).Select(i => (long)i).ToArray();
        var result = Options(job).Create(model).Run(images, labels, indices);
        NpyFile.Write(Path.Combine(folder, "adversarial.npy"), result.Adversarial, s.N, s.C, s.H, s.W);
        File.WriteAllText(Path.Combine(folder, "samples.json"), JsonSerializer.Serialize(new ShardSamples(result.Success, result.Linf, result.L2, result.Iterations, result.CleanClass, result.AdversarialClass, result.Seconds)));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        ShardFiles.Concatenate(folders.Select(f => Path.Combine(f, "adversarial.npy")).ToArray(), job.OutputPath);
        if (job.ReportPath is { } report)
        {
            var parts = folders.Select(f => JsonSerializer.Deserialize<ShardSamples>(File.ReadAllText(Path.Combine(f, "samples.json")))!).ToArray();
            var merged = new AttackResult([], [.. parts.SelectMany(p => p.Success)], [.. parts.SelectMany(p => p.Linf)], [.. parts.SelectMany(p => p.L2)],
                [.. parts.SelectMany(p => p.Iterations)], [.. parts.SelectMany(p => p.CleanClass)], [.. parts.SelectMany(p => p.AdversarialClass)], [], parts.Sum(p => p.Seconds));
            ShardFiles.WriteWhole(report, temp => File.WriteAllText(temp, JsonSerializer.Serialize(AttackReport.Of(merged), ShardFiles.Json)));
        }
    }

    private sealed record ShardSamples(bool[] Success, float[] Linf, float[] L2, int[] Iterations, int[] CleanClass, int[] AdversarialClass, double Seconds);
}
