using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Tests;

/// <summary>Each of the paper's experiments end to end on a small --limit: files, shapes and sane numbers.</summary>
[Collection("console")]
public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-experiment-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Run(string experiment, params string[] extra)
    {
        string outDir = Path.Combine(_dir, experiment);
        var r = CliRun.Run(["experiment", experiment, "--out", outDir, "--threads", "1", .. extra]);
        Assert.True(r.Code == 0, r.Err);
        string summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        Assert.Contains("**Paper:**", summary, StringComparison.Ordinal);
        Assert.Matches(@"Claims supported: \d of \d\.", summary);
        Assert.Equal(summary.TrimEnd(), r.Out.TrimEnd());
        // Every figure the summary shows exists and is a PNG; every experiment has at least one; no temporary file is left.
        var figures = System.Text.RegularExpressions.Regex.Matches(summary, @"!\[[^\]]*\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(figures);
        foreach (string figure in figures)
        {
            string png = Path.Combine(outDir, figure);
            Assert.True(File.Exists(png), $"{png}: the summary shows it, but it was not written");
            byte[] bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 2000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{png} is not a PNG figure");
        }

        Assert.Empty(Directory.GetFiles(outDir, "*.tmp*"));

        return outDir;
    }

    private static double[][] Csv(string path, int skipColumns)
    {
        var lines = File.ReadAllLines(path).Skip(1);
        return lines.Select(l => l.Split(',').Skip(skipColumns).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    [Fact]
    public void AttacksWritesEachAttacksRctAndNumbers()
    {
        string dir = Run("attacks", "--limit", "6");
        var rows = Csv(Path.Combine(dir, "attacks.csv"), 1);
        Assert.Equal(4, rows.Length);
        foreach (var r in rows)
        {
            Assert.All(r, v => Assert.True(double.IsFinite(v) && v >= 0));
            Assert.InRange(r[0], 0, 1);
            Assert.Equal(1.0, r[6] + r[7] + r[8], 4);
        }

        Assert.Equal(0.1, rows[0][1], 5);   // FGSM moves every pixel it can by exactly ε (the budget of one-channel images)
        Assert.InRange(rows[1][1], 0, 0.1 + 1e-6);
        Assert.Equal(55, Csv(Path.Combine(dir, "rct-profiles.csv"), 0).Length);
        Assert.True(File.Exists(Path.Combine(dir, "rct-attacks.png")));
    }

    [Fact]
    public void RobustDatasetWritesBothSetsTheirLabelsAndDifferenceMaps()
    {
        string dir = Run("robust-dataset", "--limit", "6", "--steps", "5");
        foreach (string set in new[] { "robust", "non-robust" })
        {
            var z = NpyFile.ReadImages(Path.Combine(dir, set + ".npy"));
            Assert.Equal(new MlNetFreq.Spectral.Tensors.ImageBatchShape(6, 1, 28, 28), z.Shape);
            Assert.All(z.Data, v => Assert.InRange(v, 0f, 1f));
        }

        Assert.Equal(NpyFile.ReadLabels(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy")).Take(6), NpyFile.ReadLabels(Path.Combine(dir, "labels.npy")));
        Assert.All(Csv(Path.Combine(dir, "band-profiles.csv"), 1).SelectMany(r => r), v => Assert.True(double.IsFinite(v) && v >= 0));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "robust-dataset.json")));
        foreach (var set in json.RootElement.EnumerateArray())
        {
            Assert.True(set.GetProperty("objective_end").GetDouble() < set.GetProperty("objective_start").GetDouble(), "matching must lower the objective");
            Assert.Equal(784, set.GetProperty("mean_abs_dct_to_target").GetArrayLength());
        }

        Assert.True(File.Exists(Path.Combine(dir, "dct-difference.png")) && File.Exists(Path.Combine(dir, "examples.png")));
    }

    [Fact]
    public void OfExampleExplainsACorrectlyClassifiedImage()
    {
        string dir = Run("of-example", "--limit", "20");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "of-example.json")));
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("label").GetInt32(), root.GetProperty("predicted").GetInt32());
        var of = root.GetProperty("occluded_frequency").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(55, of.Length);
        int[] top = root.GetProperty("top_bands").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(of.Select((v, k) => (v, k)).OrderByDescending(p => p.v).Take(3).Select(p => p.k), top);
        Assert.All(root.GetProperty("ablations").EnumerateArray(), a => Assert.True(a.GetProperty("l2_change").GetDouble() > 0));
        Assert.Equal(of, Csv(Path.Combine(dir, "of-example.csv"), 1).Select(r => r[0]).ToArray(), (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void AttributionShiftComparesTheNamedModels()
    {
        string dir = Run("attribution-shift", "--limit", "10", "--models",
            "natural=" + Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), "robust=" + Path.Combine(RepoPaths.Models, "fmnist-resnet8-linf-0.1.onnx"));
        var reliance = File.ReadAllLines(Path.Combine(dir, "reliance.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["natural", "robust"], reliance.Select(r => r[0]));
        Assert.All(reliance.SelectMany(r => r.Skip(1)), v => Assert.InRange(double.Parse(v, CultureInfo.InvariantCulture), 0, 1));
        Assert.Equal(2 * 10 * 55, File.ReadAllLines(Path.Combine(dir, "attribution-by-class.csv")).Length - 1);
    }

    [RequiresSharedFact("models/robust/vnncomp-cifar10-resnet_2b.onnx")]
    public void RunsOnCifar10WithAModelThatNeedsOutsideNormalisation()
    {
        string dir = Run("attribution-shift", "--limit", "6", "--input", Path.Combine(RepoPaths.Shared, "data", "cifar10"), "--models",
            "natural=" + Path.Combine(RepoPaths.Shared, "models", "cifar10-resnet20.onnx"),
            "vnn=" + Path.Combine(RepoPaths.Shared, "models", "robust", "vnncomp-cifar10-resnet_2b.onnx") + "@0.4914,0.4822,0.4465,0.2471,0.2435,0.2616");
        string[] lines = File.ReadAllLines(Path.Combine(dir, "reliance.csv"));
        Assert.Contains("reliance airplane", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Equal(2 * 10 * 63, File.ReadAllLines(Path.Combine(dir, "attribution-by-class.csv")).Length - 1);
        string summary = File.ReadAllText(Path.Combine(dir, "summary.md"));
        Assert.Contains("6 images of 3×32×32", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ExperimentsRunFromCSharpWithoutWritingFiles()
    {
        var set = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 20);
        var inputs = global::MlNetFreq.Experiments.ExperimentInputs.Create(set, "sample",
            [new global::MlNetFreq.Experiments.ExperimentModel("natural", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), null)], threads: 1);
        Assert.Equal(0.1, inputs.LinfEps);
        var report = new global::MlNetFreq.Experiments.OfExampleExperiment { Index = 0 }.Run(inputs);
        Assert.Equal("Experiment III — Occluded Frequency of one image (Figure 4)", report.Title);
        var claim = Assert.Single(report.Claims);
        Assert.Contains("Top-3 OF bands", claim.Evidence, StringComparison.Ordinal);
        var figure = Assert.IsType<global::MlNetFreq.Experiments.Figures.OccludedFrequencyExampleFigure>(
            Assert.Single(report.Files.OfType<global::MlNetFreq.Experiments.FigureFile>()).Data);
        Assert.Equal(55, figure.Scores.Length);
        Assert.Equal(2, figure.Ablations.Count);
        Assert.All(figure.Ablations, a => Assert.NotEqual(figure.Image, a.Image));
        Assert.Equal(["of-example.csv", "of-example.json", "of-example.png"], report.Files.Select(f => f.Name).Order());
        Assert.Equal(["attacks", "robust-dataset", "of-example", "attribution-shift", "frequency-robustness"], global::MlNetFreq.Experiments.ExperimentRegistry.All.Select(e => e.Name));
    }

    [Fact]
    public void BadArgumentsNameWhatWasExpected()
    {
        var one = CliRun.Run("experiment", "robust-dataset", "--out", Path.Combine(_dir, "x"), "--limit", "4", "--models", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        Assert.Equal(2, one.Code);
        Assert.Contains("expected at least 2 models (natural first, then robust), found 1", one.Err, StringComparison.Ordinal);
        var limit = CliRun.Run("experiment", "attacks", "--out", Path.Combine(_dir, "y"), "--limit", "0");
        Assert.Equal(2, limit.Code);
        Assert.Contains("--limit: expected at least 1 image, found 0", limit.Err, StringComparison.Ordinal);
        var eps = CliRun.Run("experiment", "attacks", "--out", Path.Combine(_dir, "e"), "--limit", "2", "--eps", "-1");
        Assert.Equal(2, eps.Code);
        Assert.Contains("--eps: expected a finite budget > 0, found -1", eps.Err, StringComparison.Ordinal);
        var spec = CliRun.Run("experiment", "of-example", "--out", Path.Combine(_dir, "z"), "--models", "name=");
        Assert.Equal(2, spec.Code);
        Assert.Contains("expected [NAME=]PATH[@MEAN…,STD…], found 'name='", spec.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void DataOptionsApplyToExperimentInput()
    {
        // The experiments read --input through the same data options as every command: --scale divides, and 0–255
        // pixels without it are refused with the fix (they were read unchecked before).
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 2);
        string images = Path.Combine(_dir, "x255.npy"), labels = Path.Combine(_dir, "y.npy");
        var s = sample.Images.Shape;
        NpyFile.Write(images, sample.Images.Data.Select(v => v * 255f).ToArray(), s.N, s.C, s.H, s.W);
        NpyFile.Write(labels, sample.Labels!, s.N);
        string refusedDir = Path.Combine(_dir, "refused");
        var refused = CliRun.Run("experiment", "of-example", "--out", refusedDir, "--input", images, "--labels", labels, "--limit", "2");
        Assert.Equal(4, refused.Code); // ExitCodes.BadInput
        Assert.Contains("expected pixel values in [0, 1], found values from 0 to 255; they look like 0–255 values: pass --scale 255", refused.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(refusedDir) ? Directory.GetFiles(refusedDir) : []);
        Run("of-example", "--input", images, "--labels", labels, "--scale", "255", "--limit", "2");
    }

    [Fact]
    public void FrequencyRobustnessWritesMapsCurvesCorruptionsAndFourClaims()
    {
        string dir = Run("frequency-robustness", "--limit", "8", "--perturbation-norm", "2", "--models",
            Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), Path.Combine(RepoPaths.Models, "fmnist-resnet8-linf-0.1.onnx"));
        string summary = File.ReadAllText(Path.Combine(dir, "summary.md"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(summary, @"\*\*Paper:\*\*"));
        Assert.Equal([27, 27], NpyFile.Read(Path.Combine(dir, "heatmap-fmnist-resnet8.npy")).Shape);
        Assert.Equal(2 * 4, File.ReadAllLines(Path.Combine(dir, "filtered-accuracy.csv")).Length - 1);
        Assert.Equal(2 * 12 * 5, File.ReadAllLines(Path.Combine(dir, "corruptions.csv")).Length - 1);
        Assert.All(Csv(Path.Combine(dir, "heatmap-regions.csv"), 1).SelectMany(r => r), v => Assert.InRange(v, 0, 1));
    }
}

public sealed class ExperimentHelperTests
{
    [Theory]
    [InlineData("models/a.onnx", "a", "models/a.onnx", null)]
    [InlineData("nat=x/b.onnx", "nat", "x/b.onnx", null)]
    [InlineData("vnn=r.onnx@0.5,0.25", "vnn", "r.onnx", "0.5,0.25")]
    public void ModelSpecsParse(string spec, string name, string path, string? normalization) =>
        Assert.Equal(new global::MlNetFreq.Experiments.ExperimentModel(name, path, normalization), global::MlNetFreq.Experiments.ExperimentModel.Parse(spec));
}

/// <summary>An experiment that fails (here on a bad flag value) leaves no --out folder it created behind.</summary>
[Collection("console")]
public sealed class ExperimentOutFolderTests
{
    [Fact]
    public void AFailedExperimentRemovesTheFolderItCreated()
    {
        string parent = Directory.CreateTempSubdirectory("mlnetfreq-experiment-out-").FullName;
        try
        {
            string outDir = Path.Combine(parent, "new", "out");
            var r = CliRun.Run("experiment", "attacks", "--out", outDir, "--eps", "-1", "--limit", "4");
            Assert.True(r.Code == 2, r.Err);
            Assert.Contains("--eps: expected a finite budget > 0, found -1.", r.Err, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
