using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// The attack (every method) and attribute commands reproduce the outputs pinned in tests/fixtures/golden before the
/// method-descriptor refactor (made by tests/fixtures/golden/make_golden.sh from the command lines in commands.txt).
/// A change that is meant to alter these numbers regenerates them on purpose.
/// </summary>
[Collection("console")]
public sealed class GoldenOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-golden-").FullName;

    private static string Golden => Path.Combine(RepoPaths.Fixtures, "golden");

    public static TheoryData<string> Names => new(File.ReadAllLines(Path.Combine(Golden, "commands.txt")).Where(l => l.Length > 0).Select(l => l.Split('|')[0]));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void CommandReproducesItsGoldenOutput(string name)
    {
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 8);
        var s = data.Images.Shape;
        string x = Path.Combine(_dir, "x.npy"), y = Path.Combine(_dir, "y.npy"), output = Path.Combine(_dir, name + ".npy");
        NpyFile.Write(x, data.Images.Data, s.N, s.C, s.H, s.W);
        NpyFile.Write(y, data.Labels!.Select(v => (long)v).ToArray(), s.N);
        string line = File.ReadAllLines(Path.Combine(Golden, "commands.txt")).Single(l => l.StartsWith(name + "|", StringComparison.Ordinal));
        string[] args = [.. line.Split('|')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
            "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), "--input", x, "--labels", y, "--output", output];
        var run = CliRun.Run(args);
        Assert.True(run.Code == 0, run.Err);
        var expected = NpyFile.Read(Path.Combine(Golden, name + ".npy"));
        var actual = NpyFile.Read(output);
        Assert.Equal(expected.Shape, actual.Shape);
        TestArrays.AssertClose(expected.ToSingle(), actual.ToSingle(), atol: 1e-6, what: name);
    }
}
