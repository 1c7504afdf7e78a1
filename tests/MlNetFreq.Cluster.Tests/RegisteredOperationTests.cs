using System.Text.Json;
using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Operations;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Operations;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// Every registered operation, one definition: its files merged from k shards (k = 1, 2, 3, uneven) are byte-identical
/// to one machine's (<see cref="Operation.Run"/> + <see cref="Operation.Write"/>), for every output it writes without a
/// renderer; and each is a cluster job by its registry line alone.
/// </summary>
public sealed class RegisteredOperationTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private static readonly string Images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
    private static readonly string Labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-operations-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Names => new(OperationRegistry.All.Select(o => o.Name));

    // Parameters other than the defaults where the defaults would not show a split's effect (random signs, starts or
    // noise per image), and where an operation takes a method from a family, settings or an extra input.
    private static OperationParameters Parameters(Operation operation, float[] image) => operation.Check(operation.Name switch
    {
        "heatmap" => new(new FourierHeatMapOptions { Seed = 3, RandomSign = true }),
        "attack" => new(new PgdOptions { Eps = 0.05, Alpha = 0.01, Steps = 2, Seed = 4 }, new AttackSettings { TargetClass = 3 }),
        "attribute" => new(new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Reference }) { Inputs = new Dictionary<string, float[]> { ["reference"] = image } },
        "corrupt" => new(new GaussianNoiseOptions { Severity = 3, Seed = 2 }),
        "spectrum" => new(Settings: new SpectrumSettings { Statistic = BandStatistic.Energy, Bands = BandLayout.Radial }),
        "dct" => new(Settings: new DctSettings { Inverse = true, Backend = DctBackendKind.Managed }),
        "gradient" => new(Settings: new GradientSettings { Loss = GradientLoss.Margin }),
        "autoattack" => new(new AutoAttackOptions { Eps = 0.05, Attacks = AttackList.Parse("apgd-ce,square"), Seed = 6 }, new AutoAttackSettings { Batch = 3 }),
        "robustify" => new(Settings: new RepresentationMatchingOptions { Steps = 2, StepSize = 0.2, Seed = 3 }),
        "validate" => new()
        {
            Texts = new Dictionary<string, InputText>
            {
                ["policy"] = new("policy.json", """
                    { "limit": 10, "checks": [
                      { "name": "clean", "kind": "CleanAccuracy", "min": 0.5 },
                      { "name": "pgd", "kind": "RobustAccuracy", "min": 0.2, "images": 7, "attack": { "method": "pgd", "eps": 0.05, "alpha": 0.02, "steps": 2, "seed": 3 } },
                      { "name": "hf", "kind": "HighFrequencyReliance", "max": 0.5, "images": 6 } ] }
                    """),
            },
        },
        _ => null,
    });

    [Theory]
    [MemberData(nameof(Names))]
    public void ShardsMergedWriteTheBytesOfOneMachine(string name)
    {
        var operation = OperationRegistry.Find(name)!;
        const int n = 10;
        var data = DataSources.Load(Images, Labels, n);
        var parameters = Parameters(operation, data.Images.Data[784..1568]);
        using var session = ModelSession.Load(Model, new ModelSessionOptions { IntraOpThreads = 1 });
        var files = operation.Outputs.Where(o => o.Name != "plot").ToDictionary(o => o.Name, o => o.IsFolder ? "folder" : "file" + o.Extensions[^1]);
        string one = Folder("one");
        var provenance = new RunProvenance(Model, Methods.Validation.DataFingerprint.FileSha256(Model), Methods.Validation.DataFingerprint.Sha256(data.Images.Data, data.Labels)) { DataPath = Images };
        operation.Write(operation.Run(session, data, parameters), new OperationWriter(files.ToDictionary(f => f.Key, f => Path.Combine(one, f.Value)), "m", parameters) { Provenance = provenance });

        // A checkpointed run (parts of 4 images kept as it goes), and its rerun that reads every part back: the same bytes.
        var store = new MlNetFreq.Operations.Resume.PartStore(Folder("parts"), 4, MlNetFreq.Operations.Resume.PartStore.Binding(operation, parameters, provenance.ModelSha256, provenance.DataSha256, 4));
        foreach (int run in new[] { 0, 1 })
        {
            string folder = Folder($"checkpointed{run}");
            operation.Write(operation.Run(session, data, parameters, store: store),
                new OperationWriter(files.ToDictionary(f => f.Key, f => Path.Combine(folder, f.Value)), "m", parameters) { Provenance = provenance });
            AssertSameFiles(one, folder, files.Values, $"{name}: checkpointed run {run}");
        }

        Assert.Equal(3, store.Resumed); // the second run measured nothing

        using var inputs = new ShardInputs { Threads = 1 };
        var shards = new RegisteredShards(operation);
        foreach (int size in new[] { 10, 7, 4 })
        {
            string folder = Folder($"k{size}");
            var job = new JobDefinition
            {
                Operation = name, OptionsJson = Operation.OptionsToJson(parameters.Options),
                SettingsJson = operation.SettingsToJson(parameters.Settings), InputsJson = Operation.InputsToJson(parameters), DataPath = Images, LabelsPath = Labels, ModelPath = Model,
                OutputPath = Path.Combine(folder, files[operation.MainOutput.Name]), ReportPath = files.TryGetValue("report", out string? report) ? Path.Combine(folder, report) : null,
                OtherOutputsJson = JsonSerializer.Serialize(operation.Outputs.Where(o => o != operation.MainOutput && o.Beside is null && o.Name is not "report" and not "plot")
                    .ToDictionary(o => o.Name, o => Path.Combine(folder, files[o.Name]))),
                Images = n, ShardSize = size,
            };
            var parts = new List<string>();
            for (int i = 0; i < job.ShardCount; i++)
            {
                string part = Folder($"k{size}-shard{i}");
                shards.Run(job, inputs, job.Shard(i), part);
                parts.Add(part);
            }

            shards.Merge(job, parts);
            AssertSameFiles(one, folder, files.Values, $"{name}: {job.ShardCount} shards of {size}");

            Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp*"));
        }
    }

    // Every file (and every file inside a folder output) byte for byte the same.
    private static void AssertSameFiles(string expected, string actual, IEnumerable<string> names, string what)
    {
        foreach (string name in names)
        {
            string path = Path.Combine(expected, name);
            string[] paths = Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [path];
            Assert.NotEmpty(paths);
            foreach (string file in paths)
            {
                string other = Path.Combine(actual, Path.GetRelativePath(expected, file));
                Assert.True(File.ReadAllBytes(file).SequenceEqual(File.ReadAllBytes(other)), $"{what}: {Path.GetRelativePath(expected, file)} differs from one machine's");
            }
        }
    }

    [Fact]
    public void PartsOfAnotherRunAreRefusedNotMerged()
    {
        var operation = OperationRegistry.Find("predict")!;
        var data = DataSources.Load(Images, Labels, 6);
        using var session = ModelSession.Load(Model);
        var parameters = operation.Check(null);
        string folder = Folder("parts");
        var first = new MlNetFreq.Operations.Resume.PartStore(folder, 4, MlNetFreq.Operations.Resume.PartStore.Binding(operation, parameters, "model-a", "data", 4));
        operation.Run(session, data, parameters, store: first);
        var other = new MlNetFreq.Operations.Resume.PartStore(folder, 4, MlNetFreq.Operations.Resume.PartStore.Binding(operation, parameters, "model-b", "data", 4));
        var ex = Assert.Throws<Data.DataFormatException>(() => operation.Run(session, data, parameters, store: other));
        Assert.Equal($"{Path.Combine(folder, "part-000000000.json")}: expected a part of this run (the same operation, options, model, data and --checkpoint), found one of another run; delete {folder} to start afresh, or rerun with the options it was written with.", ex.Message);
        File.WriteAllText(Path.Combine(folder, "part-000000004.json"), "not json");
        Assert.StartsWith($"{Path.Combine(folder, "part-000000004.json")}: expected a part this command wrote, found a file that is not one",
            Assert.Throws<Data.DataFormatException>(() => operation.Run(session, data, parameters, store: first)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictAndFilteredAccuracyAreClusterJobsByTheirRegistryLineAlone()
    {
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 2);
        await using var _cluster = cluster;
        var data = DataSources.Load(Images, Labels, 25);
        using var session = ModelSession.Load(Model);
        foreach (string name in new[] { "predict", "filtered-accuracy" })
        {
            var operation = OperationRegistry.Find(name)!;
            string extension = operation.Outputs[0].Extensions[0];
            var job = new JobDefinition
            {
                Operation = name, DataPath = Images, LabelsPath = Labels, ModelPath = Model, OutputPath = Path.Combine(_dir, name + extension), Images = 25, ShardSize = 8,
            };
            await ClusterJobs.SubmitAsync(cluster.Client, name + "-job", job);
            string one = Path.Combine(_dir, "one-" + name + extension);
            operation.Write(operation.Run(session, data), new OperationWriter(new Dictionary<string, string> { ["output"] = one }, "m", operation.OptionsOrDefault(null)));
            Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(job.OutputPath));
        }

        var logits = NpyFile.Read(Path.Combine(_dir, "predict.npy"));
        Assert.Equal([25, 10], logits.Shape);
        Assert.Equal(session.Forward(data.Images.Data, 25), logits.ToSingle());

        // A normalisation the graph lacks travels with the job and is prepended on every silo, as on one machine.
        var normalized = new JobDefinition
        {
            Operation = "predict", DataPath = Images, ModelPath = Model, OutputPath = Path.Combine(_dir, "normalized.npy"), Images = 25, ShardSize = 8, Normalize = "0.3,0.6",
        };
        await ClusterJobs.SubmitAsync(cluster.Client, "normalized-job", normalized);
        using var withNormalization = ModelSession.Load(Model, new ModelSessionOptions().WithNormalization("0.3,0.6", "normalize"));
        float[] expected = withNormalization.Forward(data.Images.Data, 25);
        Assert.Equal(expected, NpyFile.Read(normalized.OutputPath).ToSingle());
        Assert.NotEqual(session.Forward(data.Images.Data, 25), expected);
    }

    [Fact]
    public void TheCSharpEntryChecksItsInputsAndOptions()
    {
        var operation = OperationRegistry.Find("heatmap")!;
        using var session = ModelSession.Load(Model);
        var data = DataSources.Load(Images, Labels, 2);
        var unlabelled = new Data.Tensors.LabeledImages(data.Images, null);
        Assert.Equal("labels: heatmap needs the images' labels; the input carries none.", Assert.Throws<ArgumentException>(() => operation.Run(session, unlabelled)).Message);
        Assert.Equal("model: heatmap needs a model, found none.", Assert.Throws<ArgumentException>(() => operation.Run(null, data)).Message);
        Assert.Equal("options: heatmap takes fourier-heatmap options, found filtered-accuracy's.",
            Assert.Throws<ArgumentException>(() => operation.Run(session, data, new FilteredAccuracyOptions())).Message);
        var wide = new Data.Tensors.LabeledImages(data.Images, [3, 12]);
        Assert.Contains("expected labels in 0…9 for the model's 10 classes, found 12 at row 1", Assert.Throws<Data.DataFormatException>(() => operation.Run(session, wide)).Message, StringComparison.Ordinal);
        // A cut-off that splits nothing off 28×28 images: the C# entry and cluster submission refuse it in the same words.
        const string nothing = "radii: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 0: the low-pass image would be blank and the high-pass one the image itself.";
        var filtered = OperationRegistry.Find("filtered-accuracy")!;
        var zero = new FilteredAccuracyOptions { Radii = RadiusList.Parse("0") };
        Assert.Equal(nothing, Assert.Throws<MethodOptionException>(() => filtered.Run(session, data, zero)).Message);
        var job = new JobDefinition
        {
            Operation = "filtered-accuracy", OptionsJson = JsonSerializer.Serialize<MethodOptions>(zero, MethodRegistry.Json), DataPath = Images, LabelsPath = Labels, ModelPath = Model,
            OutputPath = Path.Combine(_dir, "f.csv"), Images = 2, ShardSize = 1,
        };
        Assert.Equal(nothing, Assert.Throws<MethodOptionException>(() => ClusterJobs.Prepare(job)).Message);
        Assert.False(File.Exists(job.OutputPath));

        var bright = new Data.Tensors.LabeledImages(new Data.Tensors.ImageTensor(data.Images.Data.Select(v => v * 255).ToArray(), data.Images.Shape), data.Labels);
        Assert.Contains("expected pixel values in [0, 1]", Assert.Throws<Data.DataFormatException>(() => operation.Run(session, bright)).Message, StringComparison.Ordinal);
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
}
