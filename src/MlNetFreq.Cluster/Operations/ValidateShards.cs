using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Validation;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>validate</c>: a validation policy (the policy file's text is the job's options) measured shard by shard — each
/// check on the part of the shard inside the check's own images (<see cref="ModelValidator.Measure"/>, per-sample seeds
/// by global index) — and decided once on the merged measurements (<see cref="ModelValidator.Decide"/>): the report
/// <c>mlnetfreq validate --out</c> writes (report.json, report.md; the CLI draws the Occluded Frequency figure). The
/// job's output is the report folder.
/// </summary>
public sealed class ValidateShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "validate";

    /// <summary>The job's policy, read as strictly as the policy file.</summary>
    public static ValidationPolicy Policy(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var policy = ValidationPolicy.Parse(job.OptionsJson, "the job's policy");
        policy.Validate();
        return policy;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputExtensions => [];

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => true;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
        var policy = Policy(job);
        if (model is not null)
        {
            policy.CheckAgainstData(job.Images, model.Height, model.Width, "the job's policy");
        }

        foreach (var check in policy.Checks.Where(c => c.Attack is not null))
        {
            check.Attack!.CheckAgainst(model);
        }
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var model = inputs.Model(job);
        var checks = Policy(job).Checks;
        for (int i = 0; i < checks.Count; i++)
        {
            int end = Math.Min(shard.Start + shard.Count, ModelValidator.ImagesFor(checks[i], job.Images));
            if (end <= shard.Start)
            {
                continue; // the check's images end before this shard
            }

            var (images, labels, _) = inputs.Slice(job, new ShardRange(shard.Index, shard.Start, end - shard.Start));
            var measurement = ModelValidator.Measure(model, checks[i], images, labels ?? throw new ArgumentException($"{job.DataPath}: validation needs labels; the job names none for this source."),
                shard.Start, () =>
                {
                    var (x, y, _) = inputs.Slice(job, new ShardRange(0, 0, ModelValidator.SanityImagesFor(checks[i], job.Images)));
                    return (x, y!);
                });
            File.WriteAllText(Path.Combine(folder, MeasurementFile(i)), JsonSerializer.Serialize(measurement));
        }
    }

    /// <summary>The report of the finished shards (in order): every check decided on its merged measurements.</summary>
    public static ValidationReport Report(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var checks = Policy(job).Checks;
        var results = new List<CheckResult>();
        Methods.Attribution.AttributionProfile? attribution = null;
        for (int i = 0; i < checks.Count; i++)
        {
            var parts = folders.Select(f => Path.Combine(f, MeasurementFile(i))).Where(File.Exists)
                .Select(p => JsonSerializer.Deserialize<CheckMeasurement>(File.ReadAllText(p))!).ToArray();
            results.Add(ModelValidator.Decide(checks[i], CheckMeasurement.Merge(parts), out var profile));
            attribution = profile ?? attribution;
        }

        return new ValidationReport(results, attribution);
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        var report = Report(job, folders);
        string model = job.ModelPath!;
        var data = DataSources.Load(job.DataPath, job.LabelsPath, job.Images);
        var provenance = new ValidationProvenance(model, job.ModelSha256 ?? DataFingerprint.FileSha256(model), job.DataPath, job.Images,
            DataFingerprint.Sha256(data.Images.Data, data.Labels), Policy(job));
        Directory.CreateDirectory(job.OutputPath);
        ShardFiles.WriteWhole(Path.Combine(job.OutputPath, "report.json"), temp => File.WriteAllText(temp, ValidationDocument.ToJson(report, provenance)));
        ShardFiles.WriteWhole(Path.Combine(job.OutputPath, "report.md"), temp => File.WriteAllText(temp,
            ValidationDocument.Markdown(model, report, report.Attribution is null ? null : ValidationDocument.AttributionFigure)));
    }

    private static string MeasurementFile(int check) => $"check-{check}.json";
}
