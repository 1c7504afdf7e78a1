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
        TestArrays.AssertClose(expected.ToSingle(), actual.ToSingle(), atol: Tolerance(name, data.Images.Data, s.N), what: name);
    }

    /// <summary>
    /// Attacks' outputs are pixels in [0, 1]: 1e-6. Occluded Frequency scores are differences of two logits, each summed
    /// by ONNX Runtime's float32 kernels, whose accumulation order depends on the CPU (AVX2 or AVX-512): they agree to a
    /// few units in the last place of the logits (measured: 3.8e-6 on an AMD EPYC with AVX2 against files made with
    /// AVX-512), so the bound is 16 float32 epsilons of the largest logit.
    /// </summary>
    private static double Tolerance(string name, float[] images, int n)
    {
        if (name != "attribute")
        {
            return 1e-6;
        }

        using var model = Onnx.Sessions.ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        double largest = model.Forward(images, n).Max(v => Math.Abs((double)v));
        return 16 * Math.Pow(2, -23) * largest;
    }
}
