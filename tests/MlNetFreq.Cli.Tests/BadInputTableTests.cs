using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// Every entry point that reads images × every class of bad input: the exit code of its cause, a message that names the
/// file or flag and says what was expected, and no output (final or temporary) afterwards.
/// </summary>
[Collection("console")]
public sealed class BadInputTableTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Commands = ["predict", "gradient", "attack", "autoattack", "attribute", "robustify", "validate", "spectrum", "dct",
        "heatmap", "filtered-accuracy", "corruption-accuracy", "corrupt"];

    // Classes of bad data (exit 4), the output path (exit 2), and for commands with method flags, flags (exit 2).
    private static readonly string[] DataClasses = ["nhwc", "range", "nan", "labels-count", "labels-range", "unwritable"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string command in Commands)
        {
            foreach (string kind in DataClasses)
            {
                bool labels = command is not ("predict" or "dct" or "corrupt");
                bool model = command is not ("spectrum" or "dct" or "corrupt");
                // dct transforms any finite array (its inverse reads coefficients), so only the pixel commands check the range.
                if ((kind.StartsWith("labels", StringComparison.Ordinal) && !labels) || (kind == "labels-range" && !model) || (kind == "range" && command == "dct"))
                {
                    continue;
                }

                data.Add(command, kind);
            }
        }

        foreach (string command in new[] { "attack", "autoattack", "attribute", "heatmap", "corrupt" })
        {
            data.Add(command, "inapplicable-flag");
            data.Add(command, "unknown-enum");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputIsAClearErrorAndLeavesNoOutput(string command, string kind)
    {
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 4);
        float[] x = sample.Images.Data;
        string input = PathOf("x.npy"), labels = PathOf("y.npy");
        NpyFile.Write(input, x, 4, 1, 28, 28);
        NpyFile.Write(labels, sample.Labels!.Select(v => (long)v).ToArray(), 4);
        string output = PathOf("out"), culprit = "";
        switch (kind)
        {
            case "nhwc":
                NpyFile.Write(input = PathOf("nhwc.npy"), x, 4, 28, 28, 1);
                culprit = "nhwc.npy: expected float images as [N,C,H,W]";
                break;
            case "range":
                NpyFile.Write(input = PathOf("bytes.npy"), x.Select(v => v * 255).ToArray(), 4, 1, 28, 28);
                culprit = "bytes.npy: expected pixel values in [0, 1]";
                break;
            case "nan":
                NpyFile.Write(input = PathOf("nan.npy"), x.Select((v, i) => i == 100 ? float.NaN : v).ToArray(), 4, 1, 28, 28);
                culprit = "nan.npy: expected finite pixel values";
                break;
            case "labels-count":
                NpyFile.Write(labels = PathOf("five.npy"), new long[] { 0, 1, 2, 3, 4 }, 5);
                culprit = "five.npy: expected 4 labels";
                break;
            case "labels-range":
                NpyFile.Write(labels = PathOf("ten.npy"), new long[] { 0, 1, 10, 3 }, 4);
                culprit = "ten.npy: expected labels in 0…9";
                break;
            case "unwritable":
                File.WriteAllText(PathOf("file"), "not a folder");
                output = Path.Combine(PathOf("file"), "out");
                culprit = "expected a writable location";
                break;
        }

        string[] flags = (command, kind) switch
        {
            ("attack", "inapplicable-flag") => ["--steps", "3"],
            ("attack", "unknown-enum") => ["--norm", "l3"],
            ("autoattack", "inapplicable-flag") => ["--alpha", "0.1"],
            ("autoattack", "unknown-enum") => ["--version", "gold"],
            ("attribute", "inapplicable-flag") => ["--eps", "0.1"],
            ("attribute", "unknown-enum") => ["--baseline", "pink"],
            ("heatmap", "inapplicable-flag") => ["--eps", "0.1"],
            ("heatmap", "unknown-enum") => ["--basis", "wavelet"],
            ("corrupt", "inapplicable-flag") => ["--radii", "4"],
            ("corrupt", "unknown-enum") => ["--severity", "6"],
            _ => [],
        };
        culprit = (command, kind) switch
        {
            ("attack", "inapplicable-flag") => "--steps does not apply to --method fgsm",
            ("attack", "unknown-enum") => "--norm: expected one of linf, l2, found 'l3'",
            ("autoattack", "inapplicable-flag") => "'--alpha'",
            ("autoattack", "unknown-enum") => "--version: expected one of standard, plus, found 'gold'",
            ("attribute", "inapplicable-flag") => "'--eps'",
            ("attribute", "unknown-enum") => "--baseline: expected one of",
            ("heatmap", "inapplicable-flag") => "'--eps'",
            ("heatmap", "unknown-enum") => "--basis: expected one of fourier, dct, found 'wavelet'",
            ("corrupt", "inapplicable-flag") => "'--radii'",
            ("corrupt", "unknown-enum") => "--severity: expected an integer from 1 to 5, found 6",
            _ => culprit,
        };
        string[] args = command switch
        {
            "predict" => ["predict", "--model", Model, "--input", input, "--output", output + ".npy"],
            "gradient" => ["gradient", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy"],
            "attack" => ["attack", "--method", kind == "unknown-enum" ? "apgd-ce" : "fgsm", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy", "--report", output + ".json", .. flags],
            "autoattack" => ["autoattack", "--attacks", "apgd-ce", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy", "--report", output + ".json", .. flags],
            "attribute" => ["attribute", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy", .. flags],
            "robustify" => ["robustify", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy", "--steps", "1"],
            "validate" => ["validate", "--model", Model, "--input", input, "--labels", labels, "--policy", Path.Combine(RepoPaths.Root, "samples", "policies", "fmnist-gate.json"), "--out", output],
            "spectrum" => ["spectrum", "--input", input, "--labels", labels, "--output", output + ".csv"],
            "heatmap" => ["heatmap", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".npy", "--report", output + ".json", "--plot", output + ".png", "--max-batch", "64", .. flags],
            "filtered-accuracy" => ["filtered-accuracy", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".csv", "--plot", output + ".png"],
            "corruption-accuracy" => ["corruption-accuracy", "--model", Model, "--input", input, "--labels", labels, "--output", output + ".csv", "--corruptions", "contrast", "--severities", "1"],
            "corrupt" => ["corrupt", "--kind", "fog", "--input", input, "--output", output + ".npy", .. flags],
            _ => ["dct", "--input", input, "--output", output + ".npy"],
        };
        var r = CliRun.Run(args);
        int expected = kind is "unwritable" or "inapplicable-flag" or "unknown-enum" ? 2 : 4;
        Assert.True(expected == r.Code, $"{command} × {kind}: exit {r.Code}, expected {expected}; stderr: {r.Err}");
        Assert.Contains(culprit, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Err, StringComparison.Ordinal);
        var left = Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p).StartsWith("out", StringComparison.Ordinal) || p.Contains(".tmp", StringComparison.Ordinal)).ToArray();
        Assert.True(left.Length == 0, $"{command} × {kind} left {string.Join(", ", left)}");
    }

    private string PathOf(string name) => Path.Combine(_dir, name);
}
