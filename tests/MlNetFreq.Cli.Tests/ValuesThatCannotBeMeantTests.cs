using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// Values no one can mean are usage errors named by flag, before any work, with no .NET text in the message and nothing
/// written: budgets that hold every image, more threads than processors, a matching that cannot move, a limit beyond
/// the data.
/// </summary>
[Collection("console")]
public sealed class ValuesThatCannotBeMeantTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-cannot-be-meant-").FullName;

    public ValuesThatCannotBeMeantTests()
    {
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 6);
        NpyFile.Write(PathOf("x.npy"), sample.Images.Data, 6, 1, 28, 28);
        NpyFile.Write(PathOf("y.npy"), sample.Labels!.Select(v => (long)v).ToArray(), 6);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string[], string> Cases() => new()
    {
        { "attack", ["--method", "pgd", "--eps", "1.5"], "--eps: expected an L∞ budget below 1 on [0, 1] pixels, found 1.5: every image lies inside that ball" },
        { "attack", ["--method", "fgsm", "--eps", "1"], "--eps: expected an L∞ budget below 1 on [0, 1] pixels, found 1:" },
        { "attack", ["--method", "pgd-l2", "--eps", "28"], "--eps: expected an L2 budget below the diameter of the [0, 1] box of the model's [1,28,28] images (28), found 28" },
        { "autoattack", ["--eps", "2"], "--eps: expected an L∞ budget below 1 on [0, 1] pixels, found 2:" },
        { "autoattack", ["--norm", "l2", "--eps", "40"], "--eps: expected an L2 budget below the diameter" },
        { "predict", ["--threads", "100000"], $"--threads: expected at most {Environment.ProcessorCount} (the logical processors this process may use), found 100000." },
        { "robustify", ["--step-size", "0"], "--step-size: expected a finite value > 0, found 0: a zero step never moves the images." },
        { "robustify", ["--l2-bound", "-1"], "--l2-bound: expected a finite value > 0 (leave it out for no bound), found -1." },
        { "robustify", ["--steps", "-1"], "--steps: expected 0 (the starting images themselves) or more, found -1." },
        { "predict", ["--limit", "7"], "--limit 7: expected at most the 6 images of" },
        { "attribute", ["--target", "99"], "Class 99 for image 0 is outside the model's classes 0…9." },
        { "filtered-accuracy", ["--radii", "0"], "--radii: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 0: the low-pass image would be blank and the high-pass one the image itself." },
        { "filtered-accuracy", ["--radii", "4,100"], "--radii: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 100: the high-pass image would be blank and the low-pass one the image itself." },
        { "corruption-accuracy", ["--corruptions", "saturate"], "--corruptions: expected at least one corruption that applies to the model's 1-channel images, found none: saturate has no meaning for gray (1-channel) images" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsAUsageErrorNamingTheFlag(string command, string[] flags, string message)
    {
        string[] labels = command == "predict" ? [] : ["--labels", PathOf("y.npy")];
        string[] report = command == "autoattack" ? ["--report", PathOf("out.json")] : [];
        string output = PathOf(command is "corruption-accuracy" or "filtered-accuracy" ? "out.csv" : "out.npy");
        var r = CliRun.Run([command, "--model", Model, "--input", PathOf("x.npy"), .. labels, "--output", output, .. report, .. flags]);
        Assert.True(r.Code == 2, $"{command} {string.Join(' ', flags)}: exit {r.Code}; stderr: {r.Err}");
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value was", r.Err, StringComparison.Ordinal);
        Assert.Equal(["x.npy", "y.npy"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private string PathOf(string name) => Path.Combine(_dir, name);
}
