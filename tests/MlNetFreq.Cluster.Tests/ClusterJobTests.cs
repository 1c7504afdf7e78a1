using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Workers;
using MlNetFreq.Data.Formats;
using MlNetFreq.Cluster.Operations;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Methods.Validation;
using MlNetFreq.Onnx.Sessions;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace MlNetFreq.Cluster.Tests;

/// <summary>Jobs on three in-process silos: merged outputs equal one machine's, through silo loss, cancel and resubmission.</summary>
public sealed class ClusterJobTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private static readonly string Images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
    private static readonly string Labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AValidateJobWhoseCutOffSplitsNothingOffIsRefusedAtSubmission()
    {
        using var session = ModelSession.Load(Model);
        var job = new JobDefinition
        {
            Operation = "validate", InputsJson = PolicyInput("""{ "checks": [ { "name": "low", "kind": "LowPassAccuracy", "min": 0.2, "radius": 40 } ] }"""),
            DataPath = Images, LabelsPath = Labels, ModelPath = Model, OutputPath = Path.Combine(_dir, "gate"), Images = 30, ShardSize = 7,
        };
        var ex = Assert.Throws<PolicyException>(() => ShardOperations.Get("validate").Check(job, session, new(30, 1, 28, 28)));
        Assert.StartsWith("the job's policy: checks[0] ('low'): radius: expected a cut-off in (0, 19.8] for the model's 28×28 images", ex.Message, StringComparison.Ordinal);
    }

    // A policy's text as a validate job carries it.
    private static string PolicyInput(string policy) => MlNetFreq.Operations.Operation.InputsToJson(
        new MlNetFreq.Operations.OperationParameters { Texts = new Dictionary<string, MlNetFreq.Operations.InputText> { ["policy"] = new("the job's policy", policy) } });

    private JobDefinition AttackJob(string name, int images, int shardSize, int steps = 3) => new()
    {
        Operation = "attack",
        OptionsJson = JsonSerializer.Serialize<AttackOptions>(new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = steps, Seed = 4 }),
        DataPath = Images,
        LabelsPath = Labels,
        ModelPath = Model,
        OutputPath = Path.Combine(_dir, name + ".npy"),
        ReportPath = Path.Combine(_dir, name + ".json"),
        Images = images,
        ShardSize = shardSize,
    };

    private static AttackResult OneMachine(int images, int steps = 3)
    {
        var data = DataSources.Load(Images, Labels, images);
        using var session = ModelSession.Load(Model, new ModelSessionOptions { IntraOpThreads = 1 });
        return new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = steps, Seed = 4 }.Create(session).Run(data.Images.Data, data.Labels);
    }

    [Fact]
    public async Task AttackDctSpectrumAndAttributeJobsMergeToTheOneMachineOutputs()
    {
        var (cluster, _) = await ClusterFixture.StartAsync();
        await using var _cluster = cluster;
        var job = AttackJob("pgd", images: 50, shardSize: 7);
        var status = await ClusterJobs.SubmitAsync(cluster.Client, "pgd-1", job);
        Assert.Equal(JobState.Done, status.State);
        Assert.Equal(8, status.Shards);

        var expected = OneMachine(50);
        Assert.Equal(expected.Adversarial, NpyFile.ReadImages(job.OutputPath).Data);
        using var report = JsonDocument.Parse(File.ReadAllText(job.ReportPath!));
        var samples = report.RootElement.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(expected.Success, samples.Select(s => s.GetProperty("success").GetBoolean()));
        Assert.Equal(expected.L2, samples.Select(s => s.GetProperty("l2").GetSingle()));
        Assert.Equal(expected.SuccessRate, report.RootElement.GetProperty("summary").GetProperty("success_rate").GetDouble(), 12);

        // Work was pulled by more than one silo.
        var finished = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<ShardWorker>().Finished).ToArray();
        Assert.Equal(8, finished.Sum());
        Assert.True(finished.Count(f => f > 0) >= 2, $"shards per silo: {string.Join(", ", finished)}");

        var dct = new JobDefinition { Operation = "dct", DataPath = Images, LabelsPath = Labels, OutputPath = Path.Combine(_dir, "dct.npy"), Images = 30, ShardSize = 8 };
        await ClusterJobs.SubmitAsync(cluster.Client, "dct-1", dct);
        var x = DataSources.Load(Images, Labels, 30).Images;
        var spectra = new float[x.Data.Length];
        MlNetFreq.Spectral.Dct.DctBackends.Shared(DctBackendKind.Managed).Transform(x.Data, spectra, x.Shape, DctDirection.Forward);
        Assert.Equal(spectra, NpyFile.ReadImages(dct.OutputPath).Data);

        // Band spectra: the merged Parquet table is the one-machine table, byte for byte.
        var bands = new BandFeaturesOptions { OutputColumnName = "Bands", Statistic = BandStatistic.Energy };
        var spectrum = new JobDefinition
        {
            Operation = "spectrum", SettingsJson = new MlNetFreq.Operations.Catalog.BandSpectrum().SettingsToJson(new SpectrumSettings { Statistic = BandStatistic.Energy }), DataPath = Images, LabelsPath = Labels,
            OutputPath = Path.Combine(_dir, "bands.parquet"), Images = 1000, ShardSize = 300,
        };
        await ClusterJobs.SubmitAsync(cluster.Client, "spectrum-1", spectrum);
        var all = DataSources.Load(Images, Labels);
        string oneMachine = Path.Combine(_dir, "one-machine.parquet");
        using (var table = MlNetFreq.ML.Spectra.SpectrumTableWriter.Create(oneMachine, MlNetFreq.ML.Spectra.BandSpectra.BandCount(all, bands), hasLabels: true))
        {
            MlNetFreq.ML.Spectra.BandSpectra.Write(all, bands, table.Add);
        }

        Assert.Equal(File.ReadAllBytes(oneMachine), File.ReadAllBytes(spectrum.OutputPath));

        // Occluded Frequency with the noise baseline (seeded per image): the merged scores are one machine's.
        var of = new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Noise, Seed = 9 };
        var attribute = new JobDefinition
        {
            Operation = "attribute", OptionsJson = JsonSerializer.Serialize<MethodOptions>(of, MethodRegistry.Json),
            DataPath = Images, LabelsPath = Labels, ModelPath = Model, OutputPath = Path.Combine(_dir, "of.npy"), Images = 20, ShardSize = 6,
        };
        await ClusterJobs.SubmitAsync(cluster.Client, "of-1", attribute);
        var twenty = DataSources.Load(Images, Labels, 20);
        using var session = ModelSession.Load(Model, new ModelSessionOptions { IntraOpThreads = 1 });
        var scores = new OccludedFrequency(session, of).Explain(twenty.Images.Data, 20, twenty.Labels).Scores;
        Assert.Equal(scores, NpyFile.Read(attribute.OutputPath).ToSingle());

        // The reference baseline: the reference image travels in the job as data.
        int len = twenty.Images.Shape.ImageLength;
        float[] mean = [.. Enumerable.Range(0, len).Select(j => Enumerable.Range(0, 20).Average(i => twenty.Images.Data[i * len + j])).Select(v => (float)v)];
        var byReference = new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Reference, Reference = mean };
        var referenceJob = attribute with
        {
            OptionsJson = JsonSerializer.Serialize<MethodOptions>(byReference with { Reference = null }, MethodRegistry.Json),
            InputsJson = MlNetFreq.Operations.Operation.InputsToJson(new MlNetFreq.Operations.OperationParameters { Inputs = new Dictionary<string, float[]> { ["reference"] = mean } }),
            OutputPath = Path.Combine(_dir, "of-reference.npy"), Images = 8, ShardSize = 3,
        };
        await ClusterJobs.SubmitAsync(cluster.Client, "of-reference-1", referenceJob);
        var expectedByReference = new OccludedFrequency(session, byReference).Explain(twenty.Images.Data.AsSpan(0, 8 * len), 8, twenty.Labels.AsSpan(0, 8)).Scores;
        Assert.Equal(expectedByReference, NpyFile.Read(referenceJob.OutputPath).ToSingle());
        Assert.NotEqual(scores.AsSpan(0, expectedByReference.Length).ToArray(), expectedByReference);
    }

    [Fact]
    public async Task AnAutoAttackJobMergesToTheOneMachineReport()
    {
        var (cluster, _) = await ClusterFixture.StartAsync();
        await using var _cluster = cluster;
        var options = new AutoAttackOptions { Eps = 0.005, Attacks = AttackList.Parse("apgd-ce,apgd-t"), Seed = 5 };
        var job = new JobDefinition
        {
            Operation = "autoattack", OptionsJson = JsonSerializer.Serialize<AttackOptions>(options), DataPath = Images, LabelsPath = Labels, ModelPath = Model,
            OutputPath = Path.Combine(_dir, "aa.npy"), ReportPath = Path.Combine(_dir, "aa.json"), Images = 40, ShardSize = 9,
        };
        Assert.Equal(JobState.Done, (await ClusterJobs.SubmitAsync(cluster.Client, "aa-1", job)).State);

        var data = DataSources.Load(Images, Labels, 40);
        using var session = ModelSession.Load(Model, new ModelSessionOptions { IntraOpThreads = 1 });
        var expected = new AutoAttack(session, options).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expected.Adversarial, NpyFile.ReadImages(job.OutputPath).Data);
        Assert.InRange(expected.RobustAccuracy, 0.05, 0.95); // both attacks broke some points and left some robust

        // The merged report is the one-machine report, byte for byte (it holds no timings).
        string oneMachine = JsonSerializer.Serialize(expected.ToDocument(Model, MlNetFreq.Methods.Validation.DataFingerprint.FileSha256(Model),
            MlNetFreq.Methods.Validation.DataFingerprint.Sha256(data.Images.Data, data.Labels)), ShardFiles.Json);
        Assert.Equal(oneMachine, File.ReadAllText(job.ReportPath!));
    }

    [Fact]
    public async Task ValidateAndCorruptionJobsMergeToTheOneMachineReports()
    {
        var (cluster, _) = await ClusterFixture.StartAsync();
        await using var _cluster = cluster;

        // Every kind of check, each on its own number of images (shards of 7 cut through them all).
        const string Policy = """
            {
              "limit": 30,
              "checks": [
                { "name": "clean", "kind": "CleanAccuracy", "min": 0.5 },
                { "name": "pgd", "kind": "RobustAccuracy", "min": 0.9, "images": 17, "attack": { "method": "pgd", "eps": 0.05, "alpha": 0.02, "steps": 2, "seed": 3 } },
                { "name": "hf", "kind": "HighFrequencyReliance", "max": 0.5, "images": 12 },
                { "name": "aa", "kind": "AutoAttack", "min": 0.1, "images": 20, "attack": { "method": "autoattack", "eps": 0.01, "attacks": "apgd-ce", "seed": 2 } },
                { "name": "heat", "kind": "HeatMapMeanError", "max": 0.9, "images": 9, "diagnostic": { "method": "fourier-heatmap", "seed": 4 } },
                { "name": "low", "kind": "LowPassAccuracy", "min": 0.2, "radius": 6, "images": 25 },
                { "name": "noise", "kind": "WorstCorruptionGroupAccuracy", "min": 0.1, "images": 15, "diagnostic": { "method": "corruption-accuracy", "corruptions": "gaussian-noise,contrast", "severities": "2,5", "seed": 6 } },
                { "name": "simba", "kind": "SimBAMedianQueries", "min": 1, "images": 8, "attack": { "method": "simba-dct", "eps": 0.2, "max-queries": 40, "freq-dims": 14, "seed": 1 } }
              ]
            }
            """;
        string folder = Path.Combine(_dir, "gate");
        var job = new JobDefinition
        {
            Operation = "validate", InputsJson = PolicyInput(Policy), DataPath = Images, LabelsPath = Labels, ModelPath = Model, OutputPath = folder, Images = 30, ShardSize = 7,
        };
        Assert.Equal(JobState.Done, (await ClusterJobs.SubmitAsync(cluster.Client, "validate-1", job)).State);

        var data = DataSources.Load(Images, Labels, 30);
        var policy = ValidationPolicy.Parse(Policy, "test");
        using var session = ModelSession.Load(Model, new ModelSessionOptions { IntraOpThreads = 1 });
        var expected = ModelValidator.Run(session, data.Images.Data, data.Labels, policy);
        var provenance = new ValidationProvenance(Model, DataFingerprint.FileSha256(Model), Images, 30, DataFingerprint.Sha256(data.Images.Data, data.Labels), policy);
        Assert.Equal(ValidationDocument.ToJson(expected, provenance), File.ReadAllText(Path.Combine(folder, "report.json")));
        Assert.Equal(ValidationDocument.Markdown(Model, expected, attributionFigure: null), File.ReadAllText(Path.Combine(folder, "report.md"))); // no renderer here
        Assert.Contains(expected.Checks, c => !c.Passed); // the report carries a verdict both ways
        Assert.Contains(expected.Checks, c => c.Passed);

        // Corruption accuracy: the merged CSV is one machine's, RCT per band third included.
        var corruptions = new CorruptionAccuracyOptions { Corruptions = CorruptionList.Parse("gaussian-noise,pixelate"), Severities = SeverityList.Parse("1,4"), Seed = 8 };
        var table = new JobDefinition
        {
            Operation = "corruption-accuracy", OptionsJson = JsonSerializer.Serialize<MlNetFreq.Methods.Descriptors.MethodOptions>(corruptions, MlNetFreq.Methods.Descriptors.MethodRegistry.Json),
            DataPath = Images, LabelsPath = Labels, ModelPath = Model, OutputPath = Path.Combine(_dir, "corruptions.csv"), Images = 23, ShardSize = 6,
        };
        Assert.Equal(JobState.Done, (await ClusterJobs.SubmitAsync(cluster.Client, "corruption-1", table)).State);
        var some = DataSources.Load(Images, Labels, 23);
        var oneMachine = new CorruptionAccuracy(session, corruptions).Evaluate(some.Images.Data, some.Labels);
        Assert.Equal(oneMachine.ToCsv(), File.ReadAllLines(table.OutputPath));
    }

    [Fact]
    public async Task KillingASiloMidJobStillCompletesWithEqualResults()
    {
        var (cluster, _) = await ClusterFixture.StartAsync();
        await using var _cluster = cluster;
        var job = AttackJob("kill", images: 60, shardSize: 4, steps: 12);
        var grain = cluster.Client.GetGrain<Grains.IJobGrain>("kill-1");
        var run = ClusterJobs.SubmitAsync(cluster.Client, "kill-1", job, poll: TimeSpan.FromMilliseconds(100));
        while ((await grain.Status()).Done < 2)
        {
            await Task.Delay(50);
        }

        // Kill a silo that is not the one hosting the client's gateway: its leases stop being renewed and are re-issued.
        await cluster.KillSiloAsync(cluster.Silos[^1]);
        var status = await run.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(JobState.Done, status.State);
        Assert.Equal(OneMachine(60, steps: 12).Adversarial, NpyFile.ReadImages(job.OutputPath).Data);
        Assert.Equal(15, Directory.GetDirectories(job.ShardFolder).Length);
    }

    [Fact]
    public async Task CancelStopsAndResubmittingResumesWithoutRecomputing()
    {
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 2);
        await using var _cluster = cluster;
        var job = AttackJob("resume", images: 80, shardSize: 4, steps: 20);
        using var cancel = new CancellationTokenSource();
        var grain = cluster.Client.GetGrain<Grains.IJobGrain>("resume-1");
        var run = ClusterJobs.SubmitAsync(cluster.Client, "resume-1", job, poll: TimeSpan.FromMilliseconds(50), cancellation: cancel.Token);
        while ((await grain.Status()).Done < 3)
        {
            await Task.Delay(20);
        }

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var cancelled = await grain.Status();
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.True(cancelled.Done < cancelled.Shards);
        Assert.Null(await grain.TryLease("anyone"));

        // Submitting the same job again resumes it: the shards already written are not recomputed.
        var written = Directory.GetDirectories(job.ShardFolder, "shard-*").ToDictionary(d => d, Directory.GetCreationTimeUtc);
        var status = await ClusterJobs.SubmitAsync(cluster.Client, "resume-1", job);
        Assert.Equal(JobState.Done, status.State);
        Assert.All(written, w => Assert.Equal(w.Value, Directory.GetCreationTimeUtc(w.Key)));
        Assert.Equal(OneMachine(80, steps: 20).Adversarial, NpyFile.ReadImages(job.OutputPath).Data);

        // Another definition under an existing id is refused.
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ClusterJobs.SubmitAsync(cluster.Client, "resume-1", job with { Images = 39 }));
    }

    [Fact]
    public async Task AShardThatThrowsFailsTheJobWithItsErrorAfterTheRetryLimit()
    {
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 2, maxAttempts: 2);
        await using var _cluster = cluster;

        // The silos' model is not the one the job was submitted with: every shard refuses to work with it.
        var job = AttackJob("fail", images: 8, shardSize: 4) with { ModelSha256 = new string('0', 64) };
        var ex = await Assert.ThrowsAsync<ClusterJobException>(() => ClusterJobs.SubmitAsync(cluster.Client, "fail-1", job));
        Assert.Contains($"{Model}: expected the model the job was submitted with (SHA-256 {new string('0', 64)})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shard 0:", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(job.OutputPath));
        var status = await cluster.Client.GetGrain<Grains.IJobGrain>("fail-1").Status();
        Assert.Equal(JobState.Failed, status.State);
        Assert.Null(await cluster.Client.GetGrain<Grains.IJobGrain>("fail-1").TryLease("anyone"));
    }

    [Fact]
    public async Task BadJobsAreRefusedBeforeAnySiloSeesThem()
    {
        var (cluster, storage) = await ClusterFixture.StartAsync(silos: 1);
        await using var _cluster = cluster;
        int writes = storage.Writes;
        var job = AttackJob("bad", images: 8, shardSize: 4);
        Assert.Contains($"operation: expected one of {string.Join(", ", ShardOperations.All.Select(o => o.Name))}, found 'atack'",
            (await Assert.ThrowsAsync<ArgumentException>(() => ClusterJobs.SubmitAsync(cluster.Client, "b1", job with { Operation = "atack" }))).Message, StringComparison.Ordinal);
        Assert.Contains("eps", (await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "b2", job with { OptionsJson = """{"method": "pgd", "eps": -1}""" }))).Message, StringComparison.Ordinal);
        Assert.Contains("--model", (await Assert.ThrowsAsync<FileNotFoundException>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "b3", job with { ModelPath = Path.Combine(_dir, "none.onnx") }))).Message, StringComparison.Ordinal);

        // Labels the model does not know fail at submit time with the one-machine command's message.
        string labels = Path.Combine(_dir, "ten.npy");
        NpyFile.Write(labels, Enumerable.Range(0, 1000).Select(i => i == 2 ? 10L : 1L).ToArray(), 1000);
        Assert.Contains("ten.npy: expected labels in 0…9", (await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "b4", job with { LabelsPath = labels }))).Message, StringComparison.Ordinal);
        Assert.Contains("expected at least 5000 images, found 1000", (await Assert.ThrowsAnyAsync<Exception>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "b5", job with { Images = 5000 }))).Message, StringComparison.Ordinal);
        Assert.Contains("--labels: attack needs the images' labels", (await Assert.ThrowsAsync<ArgumentException>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "b6", job with { LabelsPath = null }))).Message, StringComparison.Ordinal);
        var reference = new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Reference };
        Assert.Contains("The reference baseline needs a reference image of [1,28,28] = 784 values, found none", (await Assert.ThrowsAsync<ArgumentException>(() => ClusterJobs.SubmitAsync(cluster.Client, "b7", job with
        {
            Operation = "attribute", OptionsJson = JsonSerializer.Serialize<MethodOptions>(reference, MethodRegistry.Json),
        }))).Message, StringComparison.Ordinal);
        Assert.Equal(writes, storage.Writes);
    }
}
