using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cli.Tests;

/// <summary>heatmap, filtered-accuracy, corrupt and corruption-accuracy write the library's numbers.</summary>
[Collection("console")]
public sealed class DiagnosticCommandTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private static readonly string Images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
    private static readonly string Labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-diagnostics-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Data.Tensors.LabeledImages Sample(int n) => DataSources.Load(Images, Labels, n);

    [Fact]
    public void HeatmapWritesTheMapReportAndFigure()
    {
        string map = Path.Combine(_dir, "h.npy"), report = Path.Combine(_dir, "h.json"), plot = Path.Combine(_dir, "h.png");
        var r = CliRun.Run("heatmap", "--model", Model, "--input", Images, "--labels", Labels, "--limit", "12", "--perturbation-norm", "2", "--seed", "5",
            "--output", map, "--report", report, "--plot", plot);
        Assert.True(r.Code == 0, r.Err);
        var written = NpyFile.Read(map);
        Assert.Equal([27, 27], written.Shape);
        var data = Sample(12);
        using var session = ModelSession.Load(Model);
        var expected = new FourierHeatMap(session, new FourierHeatMapOptions { PerturbationNorm = 2, Seed = 5 }).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expected.Error.Select(e => (float)e), written.ToSingle());
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(expected.MeanError, json.RootElement.GetProperty("mean_error").GetDouble(), 12);
        Assert.Equal("fourier-heatmap", json.RootElement.GetProperty("options").GetProperty("method").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("options").GetProperty("perturbation-norm").GetDouble());
        Assert.True(new FileInfo(plot).Length > 2000);
    }

    [Fact]
    public void FilteredAccuracyWritesOneRowPerRadius()
    {
        string csv = Path.Combine(_dir, "f.csv");
        var r = CliRun.Run("filtered-accuracy", "--model", Model, "--input", Images, "--labels", Labels, "--limit", "30", "--basis", "dct", "--radii", "3,9", "--output", csv);
        Assert.True(r.Code == 0, r.Err);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("basis,radius,low_accuracy,high_accuracy,clean_accuracy,images,low_min,low_max,high_min,high_max", rows[0]);
        var data = Sample(30);
        using var session = ModelSession.Load(Model);
        var expected = new FilteredAccuracy(session, new FilteredAccuracyOptions { Basis = SpectralBasis.Dct, Radii = RadiusList.Parse("3,9") }).Evaluate(data.Images.Data, data.Labels);
        for (int i = 0; i < 2; i++)
        {
            string[] cells = rows[i + 1].Split(',');
            Assert.Equal("dct", cells[0]);
            Assert.Equal(expected.Points[i].LowAccuracy, double.Parse(cells[2], CultureInfo.InvariantCulture), 12);
            Assert.Equal(expected.Points[i].HighAccuracy, double.Parse(cells[3], CultureInfo.InvariantCulture), 12);
        }
    }

    [Fact]
    public void CorruptWritesTheLibrarysImagesAndCorruptionAccuracyItsTable()
    {
        string output = Path.Combine(_dir, "c.npy");
        var r = CliRun.Run("corrupt", "--input", Images, "--limit", "7", "--kind", "shot-noise", "--severity", "4", "--seed", "9", "--output", output);
        Assert.True(r.Code == 0, r.Err);
        var data = Sample(7);
        Assert.Equal(new ShotNoiseOptions { Severity = 4, Seed = 9 }.Create().Apply(data.Images.Data, data.Images.Shape), NpyFile.ReadImages(output).Data);

        string csv = Path.Combine(_dir, "t.csv");
        r = CliRun.Run("corruption-accuracy", "--model", Model, "--input", Images, "--labels", Labels, "--limit", "20", "--corruptions", "all", "--severities", "2,5", "--output", csv);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("skipped saturate: has no meaning for gray (1-channel) images", r.Err, StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(12 * 2, rows.Length);
        Assert.All(rows, row => Assert.Contains(row[7], new[] { "low", "middle", "high" }));
        Assert.Equal(["2", "5"], rows.Where(row => row[0] == "fog").Select(row => row[1]));
    }
}
