using System.Text.Json;
using MlNetFreq.Methods.Robustness;

namespace MlNetFreq.Cli.Tests;

/// <summary><c>mlnetfreq autoattack</c> end to end on the shipped model: the report's log, the checkpoint's resume and its refusal of other options.</summary>
[Collection("console")]
public sealed class AutoAttackCommandTests
{
    [Fact]
    public void ReportsTheLogAndResumesFromItsCheckpoint()
    {
        string dir = Directory.CreateTempSubdirectory("aa").FullName;
        string[] common =
        [
            "autoattack", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "10", "--attacks", "apgd-ce,fab-t", "--checkpoint", "4", "--output", Path.Combine(dir, "adv.npy"),
        ];
        var first = CliRun.Run([.. common, "--eps", "0.05", "--report", Path.Combine(dir, "report.json")]);
        Assert.True(first.Code == 0, first.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "adv.npy.parts"))); // removed once the outputs are written
        // Progress inside each attack: its last line at 100 % of the points it attacked (those still robust), per part of 4 images.
        Assert.Matches(@"APGD-CE on (\d) points still robust: 100 % \(\1 of \1\)", first.Err);
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
        Assert.False(root.TryGetProperty("seconds", out _)); // timings are printed, not stored: a resumed run writes the same bytes

        // A run stopped after its first part of 4 images (made here through the library with the binding the command
        // computes): the rerun reads that part back, measures the rest, and writes the same bytes.
        string parts = Path.Combine(dir, "adv.npy.parts");
        var operation = MlNetFreq.Operations.OperationRegistry.Find("autoattack")!;
        var parameters = operation.Check(new(new AutoAttackOptions { Eps = 0.05, Attacks = AttackList.Parse("apgd-ce,fab-t") }));
        var data = Data.Formats.DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 10);
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        string binding = MlNetFreq.Operations.Resume.PartStore.Binding(operation, parameters, Methods.Validation.DataFingerprint.FileSha256(model),
            Methods.Validation.DataFingerprint.Sha256(data.Images.Data, data.Labels), 4);
        using (var session = Onnx.Sessions.ModelSession.Load(model))
        {
            operation.Run(session, data, parameters, store: new MlNetFreq.Operations.Resume.PartStore(parts, 4, binding));
        }

        File.Delete(Path.Combine(parts, "part-000000004.json"));
        File.Delete(Path.Combine(parts, "part-000000008.json"));
        byte[] reportBytes = File.ReadAllBytes(Path.Combine(dir, "report.json")), adversarial = File.ReadAllBytes(Path.Combine(dir, "adv.npy"));
        var second = CliRun.Run([.. common, "--eps", "0.05", "--report", Path.Combine(dir, "report2.json")]);
        Assert.True(second.Code == 0, second.Err);
        Assert.Contains($"resumed 1 part(s) of 4 images from {parts}", second.Err, StringComparison.Ordinal);
        Assert.Equal(reportBytes, File.ReadAllBytes(Path.Combine(dir, "report2.json")));
        Assert.Equal(adversarial, File.ReadAllBytes(Path.Combine(dir, "adv.npy")));

        // Parts of other options: refused, naming the part and what to do; the outputs and the parts are left as they were.
        using (var session = Onnx.Sessions.ModelSession.Load(model))
        {
            operation.Run(session, data.Take(4), parameters, store: new MlNetFreq.Operations.Resume.PartStore(parts, 4, binding));
        }

        var other = CliRun.Run([.. common, "--eps", "0.06", "--report", Path.Combine(dir, "report3.json")]);
        Assert.Equal(4, other.Code);
        Assert.Contains($"{Path.Combine(parts, "part-000000000.json")}: expected a part of this run (the same operation, options, model, data and --checkpoint), found one of another run", other.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "report3.json")));
        Assert.Equal(adversarial, File.ReadAllBytes(Path.Combine(dir, "adv.npy")));
        Assert.True(File.Exists(Path.Combine(parts, "part-000000000.json")));

        // The retired --state names what replaced it.
        var state = CliRun.Run([.. common, "--eps", "0.05", "--report", Path.Combine(dir, "r5.json"), "--state", Path.Combine(dir, "s.json")]);
        Assert.Equal(2, state.Code);
        Assert.Contains("--state: replaced by --checkpoint IMAGES", state.Err, StringComparison.Ordinal);
        // AutoAttack is untargeted: the command has no --targeted flag.
        var targeted = CliRun.Run([.. common, "--targeted", "true", "--report", Path.Combine(dir, "r.json")]);
        Assert.Equal(2, targeted.Code);
        Assert.Contains("'--targeted'", targeted.Err, StringComparison.Ordinal);
    }
}
