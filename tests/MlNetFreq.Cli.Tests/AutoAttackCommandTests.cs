using System.Text.Json;

namespace MlNetFreq.Cli.Tests;

/// <summary><c>mlnetfreq autoattack</c> end to end on the shipped model: the report's log, the state file's resume and its refusal of other options.</summary>
[Collection("console")]
public sealed class AutoAttackCommandTests
{
    [Fact]
    public void ReportsTheLogAndResumesFromItsState()
    {
        string dir = Directory.CreateTempSubdirectory("aa").FullName;
        string[] common =
        [
            "autoattack", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "10", "--attacks", "apgd-ce,fab-t", "--state", Path.Combine(dir, "state.json"),
        ];
        var first = CliRun.Run([.. common, "--eps", "0.05", "--output", Path.Combine(dir, "adv.npy"), "--report", Path.Combine(dir, "report.json")]);
        Assert.True(first.Code == 0, first.Err);
        // Progress inside each attack: its last line at 100 % of the points it attacked (those still robust).
        int cleanRobust = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json"))).RootElement.GetProperty("clean_accuracy").GetProperty("robust").GetInt32();
        Assert.Contains($"APGD-CE on {cleanRobust} points still robust: 100 % ({cleanRobust} of {cleanRobust})", first.Err, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var root = report.RootElement;
        Assert.Equal(10, root.GetProperty("images").GetInt32());
        var log = root.GetProperty("log").EnumerateArray().ToArray();
        Assert.Equal(["apgd-ce", "fab-t"], log.Select(s => s.GetProperty("attack").GetString()));
        int clean = root.GetProperty("clean_accuracy").GetProperty("robust").GetInt32();
        Assert.True(log[0].GetProperty("robust").GetInt32() <= clean && log[1].GetProperty("robust").GetInt32() <= log[0].GetProperty("robust").GetInt32());
        var samples = root.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(log[1].GetProperty("robust").GetInt32(), samples.Count(s => s.GetProperty("robust").GetBoolean()));
        Assert.All(samples, s => Assert.True(s.GetProperty("linf").GetDouble() <= 0.05 + 1e-6));
        Assert.Equal(64, root.GetProperty("model_sha256").GetString()!.Length);
        Assert.True(root.GetProperty("passes").GetProperty("gradient").GetInt64() > 0);

        // Same options: the finished state is reused, no attack runs again, same adversarial images.
        var second = CliRun.Run([.. common, "--eps", "0.05", "--output", Path.Combine(dir, "adv2.npy"), "--report", Path.Combine(dir, "report2.json")]);
        Assert.True(second.Code == 0, second.Err);
        Assert.Contains("resuming from", second.Err, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "adv.npy")), File.ReadAllBytes(Path.Combine(dir, "adv2.npy")));

        // Other options: refused, and no output written.
        var other = CliRun.Run([.. common, "--eps", "0.06", "--output", Path.Combine(dir, "adv3.npy"), "--report", Path.Combine(dir, "report3.json")]);
        Assert.Equal(2, other.Code);
        Assert.Contains("other options", other.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "adv3.npy")));
        // AutoAttack is untargeted: the command has no --targeted flag.
        var targeted = CliRun.Run([.. common, "--targeted", "true", "--output", Path.Combine(dir, "a.npy"), "--report", Path.Combine(dir, "r.json")]);
        Assert.Equal(2, targeted.Code);
        Assert.Contains("'--targeted'", targeted.Err, StringComparison.Ordinal);
    }
}
