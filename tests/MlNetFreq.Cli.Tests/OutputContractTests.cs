using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// The contract on every path out (DESIGN.md §5): an output that is an input (same path, hard link, symbolic link), an
/// existing output that is not a regular file, or an output whose extension is not the format written is refused before
/// any work (exit 2, the flag and the reason in the message); the inputs are untouched and no output is left.
/// </summary>
[Collection("console")]
public sealed class OutputContractTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-output-contract-").FullName;

    public OutputContractTests()
    {
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 4);
        NpyFile.Write(PathOf("x.npy"), sample.Images.Data, 4, 1, 28, 28);
        NpyFile.Write(PathOf("y.npy"), sample.Labels!.Select(v => (long)v).ToArray(), 4);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string> SameAsInput() => new()
    {
        // command, how the output names the input, the flag of the input named in the message
        { "attack", "path", "--input" },
        { "attack", "hard-link", "--input" },
        { "attack", "symlinked-input", "--input" },
        { "attack", "labels", "--labels" },
        { "predict", "path", "--input" },
        { "dct", "hard-link", "--input" },
        { "corrupt", "path", "--input" },
        { "robustify", "path", "--input" },
        { "gradient", "labels", "--labels" },
    };

    [Theory]
    [MemberData(nameof(SameAsInput))]
    public void AnOutputThatIsAnInputIsRefusedAndTheInputKept(string command, string how, string culprit)
    {
        string input = PathOf("x.npy"), labels = PathOf("y.npy");
        string output = how switch
        {
            "path" => input,
            "labels" => labels,
            "hard-link" => Link(input, PathOf("hard.npy"), hard: true),
            _ => input,
        };
        if (how == "symlinked-input")
        {
            input = Link(PathOf("x.npy"), PathOf("via-link.npy"), hard: false);
            output = PathOf("x.npy");
        }

        byte[] before = File.ReadAllBytes(PathOf("x.npy")), labelsBefore = File.ReadAllBytes(labels);
        var r = CliRun.Run(Args(command, input, labels, output));
        Assert.True(r.Code == 2, $"{command} × {how}: exit {r.Code}; stderr: {r.Err}");
        Assert.Contains($"--output {output}: expected a path other than the inputs', found the same file as {culprit}", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(PathOf("x.npy")));
        Assert.Equal(labelsBefore, File.ReadAllBytes(labels));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp*"));
    }

    public static TheoryData<string, string> NotARegularFile() => new() { { "attack", "fifo" }, { "attack", "directory" }, { "attack", "symlink" }, { "heatmap", "fifo" }, { "spectrum", "directory" } };

    [Theory]
    [MemberData(nameof(NotARegularFile))]
    public void AnExistingOutputThatIsNotARegularFileIsRefused(string command, string kind)
    {
        string output = PathOf("out" + (command == "spectrum" ? ".csv" : ".npy"));
        string expected;
        switch (kind)
        {
            case "fifo":
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", output)!)
                {
                    mkfifo.WaitForExit();
                    Assert.Equal(0, mkfifo.ExitCode);
                }

                expected = "found a FIFO";
                break;
            case "directory":
                Directory.CreateDirectory(output);
                expected = "found a directory";
                break;
            default:
                File.CreateSymbolicLink(output, PathOf("elsewhere.npy"));
                expected = "found a symbolic link";
                break;
        }

        var r = CliRun.Run(Args(command, PathOf("x.npy"), PathOf("y.npy"), output));
        Assert.True(r.Code == 2, $"{command} × {kind}: exit {r.Code}; stderr: {r.Err}");
        Assert.Contains($"--output {output}: expected a new or a regular file, {expected}", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("elsewhere.npy")), "written through the link");
    }

    public static TheoryData<string[], string, string, string> WrongExtension() => new()
    {
        // the command's own flags, the flag refused, its file name, the end of the message
        { ["heatmap", "--output", "h.csv"], "--output", "h.csv", "expected a file name ending in .npy (the format written), found '.csv'." },
        { ["heatmap", "--output", "h.npy", "--plot", "h.jpg"], "--plot", "h.jpg", "expected a file name ending in .png (the format written), found '.jpg'." },
        { ["heatmap", "--output", "h.npy", "--report", "h.txt"], "--report", "h.txt", "expected a file name ending in .json (the format written), found '.txt'." },
        { ["filtered-accuracy", "--output", "f.npy"], "--output", "f.npy", "expected a file name ending in .csv (the format written), found '.npy'." },
        { ["corruption-accuracy", "--output", "c.json", "--corruptions", "contrast"], "--output", "c.json", "expected a file name ending in .csv (the format written), found '.json'." },
        { ["spectrum", "--output", "s.npy"], "--output", "s.npy", "expected a file name ending in .csv or .parquet (the format written), found '.npy'." },
        { ["attack", "--method", "fgsm", "--output", "a.npy", "--report", "a.csv"], "--report", "a.csv", "expected a file name ending in .json (the format written), found '.csv'." },
        { ["predict", "--output", "logits"], "--output", "logits", "expected a file name ending in .npy (the format written), found no extension." },
        { ["export-gradient-model", "--output", "g.npy"], "--output", "g.npy", "expected a file name ending in .onnx (the format written), found '.npy'." },
        { ["rct", "--output", "m.npy", "--profile", "p.json"], "--profile", "p.json", "expected a file name ending in .csv (the format written), found '.json'." },
    };

    [Theory]
    [MemberData(nameof(WrongExtension))]
    public void AnOutputWhoseExtensionIsNotTheFormatWrittenIsRefused(string[] args, string flag, string name, string message)
    {
        string[] given = [.. args.Select((a, i) => i > 0 && args[i - 1] is "--output" or "--plot" or "--report" or "--profile" ? PathOf(a) : a)];
        string[] rest = args[0] switch
        {
            "spectrum" => ["--input", PathOf("x.npy"), "--labels", PathOf("y.npy")],
            "export-gradient-model" => ["--model", Model],
            "predict" => ["--model", Model, "--input", PathOf("x.npy")],
            "rct" => ["--clean", PathOf("x.npy"), "--perturbed", PathOf("x.npy")],
            _ => ["--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy")],
        };
        var r = CliRun.Run([.. given, .. rest]);
        Assert.True(r.Code == 2, $"{string.Join(' ', args)}: exit {r.Code}; stderr: {r.Err}");
        Assert.Contains($"{flag} {PathOf(name)}: {message}", r.Err, StringComparison.Ordinal);
        Assert.Equal(["x.npy", "y.npy"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ACheckpointFolderThatIsAFileIsRefusedBeforeWork()
    {
        File.WriteAllText(PathOf("a.npy.parts"), "mine");
        var r = CliRun.Run("autoattack", "--attacks", "apgd-ce", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"),
            "--output", PathOf("a.npy"), "--report", PathOf("r.json"), "--checkpoint", "2");
        Assert.True(r.Code == 2, r.Err);
        Assert.Contains($"--checkpoint: expected a writable location, found that {PathOf("a.npy.parts")} cannot be written", r.Err, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(PathOf("a.npy.parts")));
        Assert.Equal(["a.npy.parts", "x.npy", "y.npy"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static string[] Args(string command, string input, string labels, string output) => command switch
    {
        "predict" => ["predict", "--model", Model, "--input", input, "--output", output],
        "gradient" => ["gradient", "--model", Model, "--input", input, "--labels", labels, "--output", output],
        "dct" => ["dct", "--input", input, "--output", output],
        "corrupt" => ["corrupt", "--kind", "fog", "--input", input, "--output", output],
        "robustify" => ["robustify", "--model", Model, "--input", input, "--labels", labels, "--output", output, "--steps", "1"],
        "heatmap" => ["heatmap", "--model", Model, "--input", input, "--labels", labels, "--output", output, "--max-batch", "64"],
        "spectrum" => ["spectrum", "--input", input, "--labels", labels, "--output", output],
        _ => ["attack", "--method", "fgsm", "--model", Model, "--input", input, "--labels", labels, "--output", output],
    };

    private static string Link(string target, string link, bool hard)
    {
        if (hard)
        {
            using var ln = System.Diagnostics.Process.Start("ln", [target, link])!;
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }
        else
        {
            File.CreateSymbolicLink(link, target);
        }

        return link;
    }

    private string PathOf(string name) => Path.Combine(_dir, name);
}

/// <summary>A checkpoint part that is not one (empty, not JSON) is bad input naming the file, not an internal error.</summary>
[Collection("console")]
public sealed class CheckpointPartFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void APartThatIsNotOneIsNamed(string text)
    {
        string part = Path.Combine(_dir, "a.npy.parts", "part-000000000.json");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, text);
        var r = CliRun.Run("autoattack", "--attacks", "apgd-ce", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), "--limit", "2",
            "--output", Path.Combine(_dir, "a.npy"), "--report", Path.Combine(_dir, "r.json"), "--checkpoint", "2");
        Assert.True(r.Code == 4, r.Err);
        Assert.Contains($"{part}: expected a part this command wrote, found a file that is not one", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", r.Err, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(part));
        Assert.False(File.Exists(Path.Combine(_dir, "r.json")));
    }
}
