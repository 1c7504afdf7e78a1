namespace MlNetFreq.Cli.Tests;

/// <summary>cluster submit refuses bad input before it connects to any cluster (none runs here), naming the flag or file.</summary>
[Collection("console")]
public sealed class ClusterCommandTests
{
    private static readonly string[] Job =
    [
        "cluster", "submit", "attack", "--method", "pgd", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
        "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), "--limit", "4",
    ];

    [Theory]
    [InlineData("--layout|nhwc", 2, "--layout nhwc: cluster jobs read their source with the automatic layout on every silo")]
    [InlineData("--scale|255", 2, "--scale 255: cluster jobs read pixels as stored on every silo")]
    [InlineData("--normalize|0.5", 2, "--normalize: expected C means followed by C stds (an even count), found 1 numbers.")]
    [InlineData("--stpes|3", 2, "'--stpes'")]
    [InlineData("--shard-size|0", 2, "--shard-size: expected at least 1 image, found 0")]
    [InlineData("--report|/nonexistent-folder/r.json", 4, "--report /nonexistent-folder/r.json: expected its folder to exist on shared storage")]
    public void BadInputFailsBeforeConnecting(string extra, int code, string message)
    {
        string output = Path.Combine(Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.npy");
        var r = CliRun.Run([.. Job, "--output", output, .. extra.Split("|")]);
        Assert.True(code == r.Code, $"exit {r.Code}: {r.Err}");
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("could not reach the cluster", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>A Redis that is down is named as such in one line (Orleans' own warnings stay out of stderr without --verbose).</summary>
    [Fact]
    public void ARedisThatIsDownIsNamedInOneLine()
    {
        string output = Path.Combine(Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.npy");
        var r = CliRun.Run([.. Job, "--output", output, "--redis", "127.0.0.1:9", "--insecure-localhost"]);
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.StartsWith("error: --redis 127.0.0.1:9: could not connect to Redis within 5 s (is it running and reachable", r.Err, StringComparison.Ordinal);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AValidateJobWithAMisspelledPolicyFailsBeforeConnecting()
    {
        string policy = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(policy, """{ "checks": [ { "name": "clean", "kind": "CleanAccuracy", "mni": 0.8 } ] }""");
        string output = Path.Combine(Path.GetTempPath(), $"gate-{Guid.NewGuid():N}");
        try
        {
            var r = CliRun.Run(["cluster", "submit", "validate", "--policy", policy, "--out", output, .. Job[5..]]);
            Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
            Assert.Contains("checks[0]: unknown key \"mni\"", r.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("could not reach the cluster", r.Err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Theory]
    [InlineData("attribute", "plots", ".npy")]
    [InlineData("corruption-accuracy", "c.png", ".csv")]
    public void AJobWhosePlotCannotBeWrittenFailsBeforeConnecting(string operation, string plot, string extension)
    {
        string output = Path.Combine(Path.GetTempPath(), $"job-{Guid.NewGuid():N}{extension}");
        string file = Path.GetTempFileName(); // nothing can be made under a file, even as root
        try
        {
            var r = CliRun.Run(["cluster", "submit", operation, "--output", output, "--plot", Path.Combine(file, plot), .. Job[5..]]);
            Assert.True(r.Code != 0, $"exit {r.Code}: {r.Err}");
            Assert.Contains("--plot: expected a writable location", r.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("could not reach the cluster", r.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
