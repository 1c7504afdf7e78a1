using System.CommandLine;
using MlNetFreq.Operations;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// A registered operation's surfaces are made from its one definition: the command and the cluster job take the same
/// flags (the job adds only its connection and shard flags), each method option is a flag, each output a flag.
/// </summary>
[Collection("console")]
public sealed class OperationSurfaceTests
{
    // What a cluster job adds to the one-machine flags: where the cluster is and how the job is cut.
    private static readonly string[] ClusterOnly = ["--redis", "--insecure-localhost", "--gateway-port", "--root", "--tls-certificate", "--tls-trust", "--shard-size", "--job", "--verbose"];

    // What only one machine has: a local part store (a cluster job resumes by its shards).
    private static readonly string[] LocalOnly = ["--checkpoint"];

    public static TheoryData<string> Names => new(OperationRegistry.All.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommandAndTheClusterJobTakeTheSameFlags(string name)
    {
        var root = Program.BuildRoot();
        var command = root.Subcommands.Single(c => c.Name == name);
        var submit = root.Subcommands.Single(c => c.Name == "cluster").Subcommands.Single(c => c.Name == "submit").Subcommands.Single(c => c.Name == name);
        string[] local = [.. command.Options.Where(o => !o.Hidden).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && !LocalOnly.Contains(n)).Order(StringComparer.Ordinal)];
        string[] job = [.. submit.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && !ClusterOnly.Contains(n)).Order(StringComparer.Ordinal)];
        Assert.Equal(local, job);

        var operation = OperationRegistry.Find(name)!;
        var methods = operation.Methods?.Methods ?? (operation.MethodDescriptor is { } one ? [one] : []);
        var flags = operation.Outputs.Where(o => o.Beside is null).Select(o => "--" + o.Name)
            .Concat(methods.SelectMany(m => m.Options).Concat(operation.Settings?.Options ?? []).Select(o => "--" + o.Name))
            .Concat(operation.Inputs.Select(i => "--" + i.Name))
            .Concat(operation.Methods is { } family ? ["--" + family.Selector] : []);
        foreach (string flag in flags)
        {
            Assert.Contains(flag, local);
        }

        Assert.Equal(operation.TakesLabels, local.Contains("--labels"));
        Assert.Equal(operation.NeedsModel, local.Contains("--model"));
    }

    [Fact]
    public void AGeneratedCommandRunsAndWritesWhatTheLibraryWrites()
    {
        string dir = Directory.CreateTempSubdirectory("mlnetfreq-operation-cli-").FullName;
        try
        {
            string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
            string output = Path.Combine(dir, "logits.npy");
            var r = CliRun.Run("predict", "--model", model, "--input", images, "--limit", "6", "--output", output);
            Assert.True(r.Code == 0, r.Err);
            Assert.Contains($"logits [6,10] -> {output}", r.Err, StringComparison.Ordinal);
            using var session = Onnx.Sessions.ModelSession.Load(model);
            var data = Data.Formats.DataSources.Load(images, null, 6);
            Assert.Equal(session.Forward(data.Images.Data, 6), Data.Formats.NpyFile.Read(output).ToSingle());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
