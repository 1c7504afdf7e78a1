using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;
using Parquet;

namespace MlNetFreq.Cli.Tests;

// Console output is process-wide, so these tests run one at a time.
[Collection("console")]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    private float[] WriteImages(string name, ImageBatchShape s, int seed = 1)
    {
        float[] x = TestArrays.Uniform((int)s.Length, seed);
        NpyFile.Write(PathOf(name), x, s.N, s.C, s.H, s.W);
        return x;
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("ilgpu")]
    public void DctCommandWritesTheSpectrumAndItsInverse(string backend)
    {
        var s = new ImageBatchShape(3, 2, 7, 10);
        float[] x = WriteImages("x.npy", s);
        Assert.Equal(0, Run("dct", "--input", PathOf("x.npy"), "--output", PathOf("y.npy"), "--backend", backend).Code);
        var y = NpyFile.ReadImages(PathOf("y.npy"));
        Assert.Equal(s, y.Shape);
        var expected = new float[x.Length];
        using (var dct = new ManagedDctBackend())
        {
            dct.Transform(x, expected, s, DctDirection.Forward);
        }

        TestArrays.AssertClose(expected, y.Data, atol: 1e-5);
        Assert.Equal(0, Run("dct", "--input", PathOf("y.npy"), "--output", PathOf("z.npy"), "--inverse").Code);
        TestArrays.AssertClose(x, NpyFile.ReadImages(PathOf("z.npy")).Data, atol: 2e-6);
    }

    [Fact]
    public void BadInputGivesOneClearErrorLineAndExitCode4()
    {
        var missing = Run("dct", "--input", PathOf("nope.npy"), "--output", PathOf("y.npy"));
        Assert.Equal(4, missing.Code);
        Assert.Contains("nope.npy: expected a data file, found nothing", missing.Err, StringComparison.Ordinal);

        File.WriteAllText(PathOf("text.npy"), "hello");
        var corrupt = Run("dct", "--input", PathOf("text.npy"), "--output", PathOf("y.npy"));
        Assert.Equal(4, corrupt.Code);
        Assert.Contains("expected the 10-byte .npy preamble", corrupt.Err, StringComparison.Ordinal);

        var badBackend = Run("dct", "--input", PathOf("x.npy"), "--output", PathOf("y.npy"), "--backend", "fftw");
        Assert.NotEqual(0, badBackend.Code);
        Assert.Contains("--backend: expected one of auto, managed, ilgpu, found 'fftw'", badBackend.Err + badBackend.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpectrumWritesCsvAndParquetWithTheBandValues()
    {
        var s = new ImageBatchShape(5, 1, 6, 4);
        float[] x = WriteImages("x.npy", s, seed: 3);
        NpyFile.Write(PathOf("y.npy"), new long[] { 4, 1, 0, 9, 2 }, 5);
        // --data still works for one release, with a deprecation note.
        var deprecated = Run("spectrum", "--data", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", PathOf("s.csv"), "--statistic", "energy");
        Assert.Equal(0, deprecated.Code);
        Assert.Contains("note: --data is deprecated and will be removed in the next release; use --input.", deprecated.Err, StringComparison.Ordinal);

        // Said once, even where a command reads the path several times (loading, then checking against the model).
        var predict = Run("predict", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), "--data", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"),
            "--limit", "2", "--output", PathOf("logits.npy"));
        Assert.Equal(0, predict.Code);
        Assert.Single(predict.Err.Split('\n'), l => l.Contains("--data is deprecated", StringComparison.Ordinal));
        var current = Run("spectrum", "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", PathOf("s.parquet"), "--statistic", "energy");
        Assert.Equal(0, current.Code);
        Assert.DoesNotContain("deprecated", current.Err, StringComparison.Ordinal);

        var spectrum = new float[x.Length];
        using (var dct = new ManagedDctBackend())
        {
            dct.Transform(x, spectrum, s, DctDirection.Forward);
        }

        var bands = FrequencyBands.Create(6, 4);
        var expected = new float[5 * bands.Count];
        BandPooling.Pool(spectrum, s, bands, BandStatistic.Energy, expected);

        string[] lines = File.ReadAllLines(PathOf("s.csv"));
        Assert.Equal("index,label,band_0,band_1,band_2,band_3,band_4,band_5,band_6,band_7,band_8", lines[0]);
        Assert.Equal(6, lines.Length);
        var csv = lines.Skip(1).SelectMany(l => l.Split(',').Skip(2)).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, csv);
        Assert.Equal("3,9", string.Join(',', lines[4].Split(',').Take(2)));

        await using var reader = await ParquetReader.CreateAsync(PathOf("s.parquet"));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(2 + bands.Count, fields.Length);
        using var group = reader.OpenRowGroupReader(0);
        var labels = new int[5];
        await group.ReadAsync<int>(fields[1], labels);
        Assert.Equal(new[] { 4, 1, 0, 9, 2 }, labels);
        var band7 = new float[5];
        await group.ReadAsync<float>(fields[2 + 7], band7);
        Assert.Equal(Enumerable.Range(0, 5).Select(r => expected[r * bands.Count + 7]).ToArray(), band7);
    }

    [Fact]
    public void ExitCodesTellTheCauseApart()
    {
        WriteImages("x.npy", new ImageBatchShape(1, 1, 2, 2));
        Assert.Equal(2, Run("dct", "--input", PathOf("x.npy"), "--output", PathOf("y.npy"), "--no-such-flag").Code);    // usage
        Assert.Equal(2, Run("dct", "--output", PathOf("y.npy")).Code);                                                // a required option missing
        Assert.Equal(4, Run("dct", "--input", PathOf("missing.npy"), "--output", PathOf("y.npy")).Code);             // bad data
        Assert.Equal(0, Run("dct", "--input", PathOf("x.npy"), "--output", PathOf("y.npy")).Code);
    }

    [Fact]
    public void SpectrumRejectsUnknownOutputFormat()
    {
        WriteImages("x.npy", new ImageBatchShape(1, 1, 2, 2));
        var r = Run("spectrum", "--input", PathOf("x.npy"), "--output", PathOf("s.xlsx"));
        Assert.Equal(2, r.Code);
        Assert.Contains("expected a file name ending in .csv or .parquet (the format written), found '.xlsx'", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchDctPrintsOneJsonLine()
    {
        var r = Run("bench", "dct", "--batch", "8", "--channels", "1", "--height", "5", "--width", "7", "--repeat", "3", "--json", "--backend", "managed");
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Out.Trim());
        Assert.True(doc.RootElement.GetProperty("median_ms").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("min_ms").GetDouble() <= doc.RootElement.GetProperty("median_ms").GetDouble());
        Assert.True(doc.RootElement.GetProperty("images_per_s").GetDouble() > 0);
        Assert.Equal("managed", doc.RootElement.GetProperty("backend").GetString());
    }

    [Fact]
    public void DemoRunsOnTheShippedSample()
    {
        var r = Run("demo", "--out", PathOf("demo"));
        Assert.Equal(0, r.Code);
        string[] lines = File.ReadAllLines(PathOf("demo/band-energy.csv"));
        Assert.Equal(1001, lines.Length);
        Assert.Equal(2 + 55, lines[1].Split(',').Length);

        // The numbers: band energies of image 0 against a naive DCT, and each model's accuracies against the library.
        var set = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"));
        double[] energies = lines[1].Split(',').Skip(2).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] spectrum = NaiveDct.Transform(set.Images.Image(0), 1, 28, 28, inverse: false);
        for (int k = 0; k < 55; k++)
        {
            double expected = Enumerable.Range(0, 784).Where(p => p / 28 + p % 28 == k).Sum(p => spectrum[p] * spectrum[p]);
            Assert.True(Math.Abs(energies[k] - expected) <= 1e-4 * Math.Max(1, expected), $"band {k}: {energies[k]} vs {expected}");
        }

        using var models = System.Text.Json.JsonDocument.Parse(File.ReadAllText(PathOf("demo/models.json")));
        var natural = models.RootElement.EnumerateArray().Single(m => m.GetProperty("model").GetString() == "fmnist-resnet8");
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        var expectedRow = global::MlNetFreq.Experiments.Demo.EvaluateModel("fmnist-resnet8", session, set);
        Assert.Equal(expectedRow.CleanAccuracy, natural.GetProperty("clean_accuracy").GetDouble(), 12);
        float[] logits = session.Forward(set.Images.Data, 1000);
        int right = Enumerable.Range(0, 1000).Count(i => Enumerable.Range(0, 10).MaxBy(c => logits[i * 10 + c]) == set.Labels![i]);
        Assert.Equal(right / 1000.0, natural.GetProperty("clean_accuracy").GetDouble(), 12);
        Assert.Equal(expectedRow.RobustAccuracy, natural.GetProperty("pgd_linf_0_1_robust_accuracy").GetDouble(), 12);
        Assert.Equal(Math.Round(expectedRow.HighFrequencyReliance, 6), natural.GetProperty("high_frequency_reliance").GetDouble()); // rounded to 6 places, no float noise

        // Energy shares per class sum to one and agree with the CSV's band energies.
        var shares = global::MlNetFreq.Experiments.Demo.EnergyShares(set);
        Assert.Equal(10, shares.Count);
        Assert.All(shares, c => Assert.Equal(1.0, c.Low + c.Middle + c.High, 9));
        Assert.Equal(1000, shares.Sum(c => c.Images));
    }

    [Fact]
    public void EveryCommandAndOptionExplainsItself()
    {
        var pending = new Stack<Command>([Program.BuildRoot()]);
        int options = 0;
        while (pending.Count > 0)
        {
            var command = pending.Pop();
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"command '{command.Name}' has no description");
            foreach (var option in command.Options.Where(o => o.Name is not ("--help" or "--version")))
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"option '{option.Name}' of '{command.Name}' has no description");
                options++;
            }

            foreach (var sub in command.Subcommands)
            {
                pending.Push(sub);
            }
        }

        Assert.True(options >= 15, $"only {options} options found");
    }
}
