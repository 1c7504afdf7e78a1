using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Methods.Validation;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>autoattack</c>: the AutoAttack ensemble on each shard (attacks seeded by the images' global indices); merged: the
/// adversarial images in order and <c>mlnetfreq autoattack</c>'s report — counts added, intervals and the after-run
/// checks recomputed on the totals, the before-run checks made once on the job's first images (as one machine makes
/// them). Only the ONNX Runtime pass counts are left out (null): a silo's session is shared by its workers and jobs.
/// </summary>
public sealed class AutoAttackShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "autoattack";

    private static AutoAttackOptions Options(JobDefinition job) =>
        JsonSerializer.Deserialize<AttackOptions>(job.OptionsJson) as AutoAttackOptions ?? throw new ArgumentException("autoattack: the job's options are not AutoAttack options.");

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => true;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(job);
        Options(job).CheckAgainst(model);
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var model = inputs.Model(job);
        var options = Options(job);
        var (images, labels, s) = inputs.Slice(job, shard);
        if (labels is null)
        {
            throw new ArgumentException($"{job.DataPath}: AutoAttack needs labels; the job names none for this source.");
        }

        IReadOnlyList<string> before = [];
        if (shard.Index == 0)
        {
            var (first, firstLabels, _) = inputs.Slice(job, new ShardRange(0, 0, Math.Min(SanityChecks.Sample, job.Images)));
            before = SanityChecks.BeforeRun(model, first, firstLabels!, options.Plan(model.Classes).Select(p => p.Name).ToArray());
        }

        var report = new AutoAttack(model, options) { CheckBeforeRun = false }.Evaluate(images, labels, firstIndex: shard.Start);
        NpyFile.Write(Path.Combine(folder, "adversarial.npy"), report.Adversarial, s.N, s.C, s.H, s.W);
        File.WriteAllText(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(AutoAttackPart.Of(report, before)));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        ShardFiles.Concatenate(folders.Select(f => Path.Combine(f, "adversarial.npy")).ToArray(), job.OutputPath);
        if (job.ReportPath is not { } reportPath)
        {
            return;
        }

        var options = Options(job);
        var report = AutoAttackPart.Combine(options, folders.Select(f => JsonSerializer.Deserialize<AutoAttackPart>(File.ReadAllText(Path.Combine(f, "report.json")))!).ToArray());
        var data = DataSources.Load(job.DataPath, job.LabelsPath, job.Images);
        var document = report.ToDocument(job.ModelPath!, job.ModelSha256 ?? DataFingerprint.FileSha256(job.ModelPath!),
            DataFingerprint.Sha256(data.Images.Data, data.Labels), passes: null);
        ShardFiles.WriteWhole(reportPath, temp => File.WriteAllText(temp, JsonSerializer.Serialize(document, ShardFiles.Json)));
    }
}
