using System.Text.Json;
using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cli.Tests;

[Collection("console")]
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-model-cli-").FullName;
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private (float[] X, int[] Y) Sample(int n)
    {
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), n);
        var s = data.Images.Shape;
        NpyFile.Write(PathOf("x.npy"), data.Images.Data, s.N, s.C, s.H, s.W);
        NpyFile.Write(PathOf("y.npy"), data.Labels!.Select(v => (long)v).ToArray(), n);
        return (data.Images.Data, data.Labels!);
    }

    [Fact]
    public void PredictAndGradientWriteWhatTheLibraryComputes()
    {
        var (x, y) = Sample(6);
        Assert.Equal(0, CliRun.Run("predict", "--model", Model, "--input", PathOf("x.npy"), "--output", PathOf("logits.npy")).Code);
        Assert.Equal(0, CliRun.Run("gradient", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", PathOf("g.npy")).Code);
        Assert.Equal(0, CliRun.Run("gradient", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", PathOf("m.npy"), "--loss", "margin").Code);

        using var session = ModelSession.Load(Model);
        float[] logits = session.Forward(x, 6);
        var written = NpyFile.Read(PathOf("logits.npy"));
        Assert.Equal(new[] { 6, 10 }, written.Shape);
        Assert.Equal(logits, written.ToSingle());
        TestArrays.AssertClose(session.Gradient(x, 6, LossSeeds.CrossEntropy(logits, y, 10)).InputGradient, NpyFile.ReadImages(PathOf("g.npy")).Data, atol: 1e-6, rtol: 1e-5);
        TestArrays.AssertClose(session.Gradient(x, 6, LossSeeds.Margin(logits, y, 10)).InputGradient, NpyFile.ReadImages(PathOf("m.npy")).Data, atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void AFolderOfGreyImagesFeedsAOneChannelModel()
    {
        var (x, _) = Sample(4);
        for (int i = 0; i < 4; i++)
        {
            string cls = PathOf(Path.Combine("folder", $"class{i % 2}"));
            Directory.CreateDirectory(cls);
            MlNetFreq.Data.Formats.BmpFile.Write(Path.Combine(cls, $"{i}.bmp"), x.AsSpan(i * 784, 784), 1, 28, 28);
        }

        var r = CliRun.Run("predict", "--model", Model, "--input", PathOf("folder"), "--output", PathOf("folder.npy"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(new[] { 4, 10 }, NpyFile.Read(PathOf("folder.npy")).Shape);
    }

    [Fact]
    public void TheInputContractIsCheckedWhereDataEnters()
    {
        var (x, _) = Sample(4);
        string Predict(params string[] extra)
        {
            var r = CliRun.Run(["predict", "--model", Model, "--output", PathOf("p.npy"), .. extra]);
            return r.Code == 0 ? "ok" : r.Err;
        }

        // NHWC float: refused as ambiguous; read correctly with --layout nhwc (same logits as the NCHW file).
        var nhwc = new float[x.Length];
        for (int i = 0; i < 4; i++)
        {
            for (int p = 0; p < 784; p++)
            {
                nhwc[i * 784 + p] = x[i * 784 + p];
            }
        }

        NpyFile.Write(PathOf("nhwc.npy"), nhwc, 4, 28, 28, 1);
        Assert.Contains("nhwc.npy: expected float images as [N,C,H,W], found shape (4, 28, 28, 1), which looks like [N,H,W,C]; pass --layout nhwc", Predict("--input", PathOf("nhwc.npy")), StringComparison.Ordinal);
        Assert.Equal("ok", Predict("--input", PathOf("nhwc.npy"), "--layout", "nhwc"));
        var viaNhwc = NpyFile.Read(PathOf("p.npy")).ToSingle();
        Assert.Equal("ok", Predict("--input", PathOf("x.npy")));
        Assert.Equal(NpyFile.Read(PathOf("p.npy")).ToSingle(), viaNhwc);

        // 0–255 pixels: refused with the range found and the fix; accepted with --scale 255.
        NpyFile.Write(PathOf("bytes.npy"), x.Select(v => v * 255).ToArray(), 4, 1, 28, 28);
        Assert.Contains("bytes.npy: expected pixel values in [0, 1], found values from 0 to 255; they look like 0–255 values: pass --scale 255", Predict("--input", PathOf("bytes.npy")), StringComparison.Ordinal);
        Assert.Equal("ok", Predict("--input", PathOf("bytes.npy"), "--scale", "255"));

        // The model's (C, H, W), not just the element count: a [2,14,28] image has 784 values too.
        NpyFile.Write(PathOf("shape.npy"), x, 4, 2, 14, 28);
        Assert.Contains("shape.npy: expected images of [C,H,W] = [1,28,28] for the model, found [2,14,28].", Predict("--input", PathOf("shape.npy")), StringComparison.Ordinal);

        // One label per image: an extra one is an error, not ignored.
        NpyFile.Write(PathOf("five.npy"), new long[] { 0, 1, 2, 3, 4 }, 5);
        var extra = CliRun.Run("attack", "--method", "fgsm", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("five.npy"), "--output", PathOf("a.npy"));
        Assert.Contains("five.npy: expected 4 labels (one per image of", extra.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("a.npy")));

        // A target class the model does not have names the flag (not an internal "label" of the loss).
        NpyFile.Write(PathOf("y4.npy"), new long[] { 0, 1, 2, 3 }, 4);
        var target = CliRun.Run("attack", "--method", "fgsm", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y4.npy"), "--output", PathOf("a.npy"), "--target-class", "10");
        Assert.Equal(2, target.Code);
        Assert.Contains("--target-class: expected a class in 0…9 for the model's 10 classes, found 10.", target.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("a.npy")));
    }

    public static TheoryData<string> Unwritable => new() { "predict", "gradient", "attack-report", "attribute-plot", "rct-compare", "validate", "dct" };

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void OutputsAppearWholeOrNotAtAll(string command)
    {
        // A path below a regular file cannot be written, whoever runs the test (CI runs as root: file modes would not do).
        Sample(3);
        File.WriteAllText(PathOf("file"), "not a folder");
        string blocked = Path.Combine(PathOf("file"), "out");
        string output = PathOf("result.npy");
        NpyFile.Write(PathOf("adv.npy"), NpyFile.ReadImages(PathOf("x.npy")).Data, 3, 1, 28, 28);
        string[] args = command switch
        {
            "predict" => ["predict", "--model", Model, "--input", PathOf("x.npy"), "--output", Path.Combine(blocked, "p.npy")],
            "gradient" => ["gradient", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", Path.Combine(blocked, "g.npy")],
            "attack-report" => ["attack", "--method", "fgsm", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--output", output, "--report", Path.Combine(blocked, "r.json")],
            "attribute-plot" => ["attribute", "--model", Model, "--input", PathOf("x.npy"), "--output", output, "--plot", blocked],
            "rct-compare" => ["rct", "--clean", PathOf("x.npy"), "--perturbed", PathOf("adv.npy"), "--output", output, "--plot", PathOf("r.png"), "--compare", "broken"],
            "validate" => ["validate", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("y.npy"), "--policy", Path.Combine(RepoPaths.Root, "samples", "policies", "fmnist-gate.json"), "--out", blocked],
            _ => ["dct", "--input", PathOf("x.npy"), "--output", Path.Combine(blocked, "d.npy")],
        };
        var r = CliRun.Run(args);
        Assert.Equal(2, r.Code);
        Assert.Contains(command == "rct-compare" ? "--compare: expected NAME=ADV.npy" : "expected a writable location", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output), $"{command}: {output} was written although the command failed");
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void DoctorListsThePathOperatorsAndFailsOnAMissingRule()
    {
        var ok = CliRun.Run("doctor", "--model", Model);
        Assert.Equal(0, ok.Code);
        Assert.Contains("10 logits", ok.Out, StringComparison.Ordinal);
        Assert.Contains("gradient graph: ok", ok.Out, StringComparison.Ordinal);

        var g = new TestGraph(1, 4, 4);
        OnnxModelFile.Save(g.Output(g.Node("Relu", [g.Node("Sin", [g.X])])), PathOf("sin.onnx"));
        var bad = CliRun.Run("doctor", "--model", PathOf("sin.onnx"));
        Assert.Equal(4, bad.Code);
        Assert.Contains("error: no gradient rule for Sin;", bad.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("gradient graph: ok", bad.Out, StringComparison.Ordinal);

        // Resize has a rule, but not for its cubic form: the table says so instead of "yes", and the error names the node.
        var c = new TestGraph(1, 4, 4);
        OnnxModelFile.Save(c.Output(c.Node("Resize", [c.X, "", c.Const([1f, 1f, 2f, 2f], 4)], Onnx.Graph.Nodes.String("mode", "cubic"))), PathOf("cubic.onnx"));
        var cubic = CliRun.Run("doctor", "--model", PathOf("cubic.onnx"));
        Assert.Equal(4, cubic.Code);
        Assert.Contains("mode 'cubic' has no gradient rule; supported: nearest, linear", cubic.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("gradient graph: ok", cubic.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportedGradientModelLoadsAsAPlainOnnxModel()
    {
        Assert.Equal(0, CliRun.Run("export-gradient-model", "--model", Model, "--output", PathOf("m.grad.onnx")).Code);
        var model = OnnxModelFile.Load(PathOf("m.grad.onnx"));
        Assert.Equal(2, model.Graph.Input.Count(i => model.Graph.Initializer.All(t => t.Name != i.Name)));
        Assert.Equal(2, model.Graph.Output.Count);
    }

    [Fact]
    public void LabelOutOfRangeAndMissingModelAreClearErrors()
    {
        Sample(2);
        NpyFile.Write(PathOf("bad.npy"), new long[] { 3, 10 }, 2);
        var bad = CliRun.Run("gradient", "--model", Model, "--input", PathOf("x.npy"), "--labels", PathOf("bad.npy"), "--output", PathOf("g.npy"));
        Assert.Equal(4, bad.Code);
        Assert.Contains("bad.npy: expected labels in 0…9 for the model's 10 classes, found 10 at row 1.", bad.Err, StringComparison.Ordinal);

        var missing = CliRun.Run("predict", "--model", PathOf("none.onnx"), "--input", PathOf("x.npy"), "--output", PathOf("l.npy"));
        Assert.Equal(4, missing.Code);
        Assert.Contains("expected an ONNX model file", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchGradientPrintsOneJsonLine()
    {
        var r = CliRun.Run("bench", "gradient", "--model", Model, "--batch", "4", "--repeat", "2", "--json");
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Out.Trim());
        Assert.True(doc.RootElement.GetProperty("median_ms").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("min_ms").GetDouble() > 0);
    }

    [Fact]
    public void BenchAttacksRelateTheirWallTimeToTheModelsRuns()
    {
        var pgd = CliRun.Run("bench", "attack", "--model", Model, "--method", "pgd", "--steps", "3", "--batch", "4", "--repeat", "2", "--json");
        Assert.Equal(0, pgd.Code);
        using (var doc = JsonDocument.Parse(pgd.Out.Trim()))
        {
            Assert.InRange(doc.RootElement.GetProperty("in_runs_share").GetDouble(), 0.01, 1);
        }

        // The natural ResNet-8 falls to APGD-CE at ε = 0.1: the later attacks find nothing left and make no runs.
        var aa = CliRun.Run("bench", "autoattack", "--model", Model, "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "4", "--eps", "0.1", "--json");
        Assert.Equal(0, aa.Code);
        using var report = JsonDocument.Parse(aa.Out.Trim());
        var root = report.RootElement;
        Assert.True(root.GetProperty("passes_backward").GetInt64() > 0);
        Assert.True(root.GetProperty("passes_forward").GetInt64() > 0);
        Assert.InRange(root.GetProperty("in_runs_share").GetDouble(), 0.01, 1);
        Assert.True(root.GetProperty("efficiency").GetDouble() > 0);
        string[] stages = root.GetProperty("stage_efficiency").GetString()!.Split(' ');
        Assert.Equal(["apgd-ce", "apgd-t", "fab-t", "square"], stages.Select(s => s.Split(':')[0]));
        Assert.EndsWith("s", stages[0], StringComparison.Ordinal);
    }
}

[Collection("console")]
public sealed class AttributeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-attr-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AttributeWritesTheCoreScoresAndTheFigures()
    {
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        string images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
        string labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
        string output = Path.Combine(_dir, "s.npy");
        var r = CliRun.Run("attribute", "--model", model, "--input", images, "--labels", labels, "--limit", "5", "--target", "label", "--output", output, "--plot", _dir);
        Assert.Equal(0, r.Code);
        var scores = NpyFile.Read(output);
        Assert.Equal(new[] { 5, 55 }, scores.Shape);

        var data = DataSources.Load(images, labels, 5);
        using var session = ModelSession.Load(model);
        var expected = new MlNetFreq.Methods.Attribution.OccludedFrequency(session, new OccludedFrequencyOptions { Target = AttributionTarget.Label })
            .Explain(data.Images.Data, 5, data.Labels);
        TestArrays.AssertClose(expected.Scores, scores.ToSingle(), atol: 1e-5);
        Assert.True(new FileInfo(Path.Combine(_dir, "of-example-0.png")).Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(_dir, "of-by-class.png")).Length > 10_000);
    }
}

[Collection("console")]
public sealed class AttackCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-attack-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AttackWritesTheCoreResultAndAReportThatRctReads()
    {
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        string images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
        string labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
        string adv = Path.Combine(_dir, "adv.npy"), report = Path.Combine(_dir, "r.json");
        var r = CliRun.Run("attack", "--method", "pgd", "--model", model, "--input", images, "--labels", labels, "--limit", "6",
            "--eps", "0.1", "--alpha", "0.02", "--steps", "3", "--seed", "5", "--output", adv, "--report", report);
        Assert.Equal(0, r.Code);

        var data = DataSources.Load(images, labels, 6);
        using var session = ModelSession.Load(model);
        var expected = new MlNetFreq.Methods.Attacks.Pgd(session, new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 3, Seed = 5 }).Run(data.Images.Data, data.Labels);
        TestArrays.AssertClose(expected.Adversarial, NpyFile.ReadImages(adv).Data, atol: 1e-6);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var samples = json.RootElement.GetProperty("samples");
        Assert.Equal(6, samples.GetArrayLength());
        Assert.Equal(expected.Success[2], samples[2].GetProperty("success").GetBoolean());
        Assert.Equal(expected.SuccessRate, json.RootElement.GetProperty("summary").GetProperty("success_rate").GetDouble(), 9);

        var s = data.Images.Shape;
        NpyFile.Write(Path.Combine(_dir, "clean.npy"), data.Images.Data, s.N, s.C, s.H, s.W);
        var rct = CliRun.Run("rct", "--clean", Path.Combine(_dir, "clean.npy"), "--perturbed", adv, "--output", Path.Combine(_dir, "rct.npy"),
            "--profile", Path.Combine(_dir, "p.csv"), "--plot", Path.Combine(_dir, "rct.png"));
        Assert.Equal(0, rct.Code);
        Assert.Equal(new[] { 28, 28 }, NpyFile.Read(Path.Combine(_dir, "rct.npy")).Shape);
        Assert.Equal(1 + 55 + 1, File.ReadAllLines(Path.Combine(_dir, "p.csv")).Length);
        Assert.True(File.Exists(Path.Combine(_dir, "rct.png")));
    }

    [Fact]
    public void NegativeOrZeroBudgetsAndStepsAreClearErrors()
    {
        string[] Run(params string[] flags) =>
        [
            "attack", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "2", "--output", Path.Combine(_dir, "a.npy"), .. flags,
        ];

        var negative = CliRun.Run(Run("--method", "fgsm", "--eps", "-0.5"));
        Assert.Equal(2, negative.Code);
        Assert.Contains("error: --eps: expected a finite value > 0, found -0.5.", negative.Err, StringComparison.Ordinal);

        // A zero would run and report clean accuracy as robust accuracy (a typo in a gate must not pass it).
        var zero = CliRun.Run(Run("--method", "pgd", "--eps", "0"));
        Assert.Equal(2, zero.Code);
        Assert.Contains("error: --eps: expected a finite value > 0, found 0: a zero budget leaves every image as it is", zero.Err, StringComparison.Ordinal);
        var still = CliRun.Run(Run("--method", "pgd", "--eps", "0.1", "--alpha", "0"));
        Assert.Equal(2, still.Code);
        Assert.Contains("error: --alpha: expected a finite value > 0, found 0: a zero step size never moves the images.", still.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "a.npy")));
    }
}

[Collection("console")]
public sealed class RobustifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-robustify-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesImagesAndTheirLabels()
    {
        string output = Path.Combine(_dir, "z.npy");
        var r = CliRun.Run("robustify", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "4", "--steps", "3", "--output", output);
        Assert.Equal(0, r.Code);
        var z = NpyFile.ReadImages(output);
        Assert.Equal(new MlNetFreq.Spectral.Tensors.ImageBatchShape(4, 1, 28, 28), z.Shape);
        Assert.All(z.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(NpyFile.ReadLabels(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy")).Take(4), NpyFile.ReadLabels(Path.Combine(_dir, "z.labels.npy")));
    }

    [Fact]
    public void ResumesFromFinishedPartsAndRefusesPartsOfOtherSettings()
    {
        string[] Args(string output, params string[] more) =>
        [
            "robustify", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"),
            "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"),
            "--limit", "5", "--steps", "2", "--checkpoint", "2", "--output", output, .. more,
        ];
        // An argument error writes nothing: no parts folder.
        Assert.Equal(2, CliRun.Run(Args(Path.Combine(_dir, "early.npy"), "--step-size", "-1")).Code);
        Assert.False(Directory.Exists(Path.Combine(_dir, "early.npy.parts")), "an argument error leaves no parts folder");
        Assert.Equal(2, CliRun.Run(Args(Path.Combine(_dir, "early.npy"), "--chunk", "2")).Code); // retired, naming --checkpoint

        var first = CliRun.Run(Args(Path.Combine(_dir, "whole.npy")));
        Assert.True(first.Code == 0, first.Err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "whole.npy.parts")), "finished parts are removed once joined");
        byte[] whole = File.ReadAllBytes(Path.Combine(_dir, "whole.npy"));

        // An interrupted run: its first part kept (made through the library, with the binding the command computes).
        var operation = MlNetFreq.Operations.OperationRegistry.Find("robustify")!;
        var parameters = operation.Check(new(Settings: new RepresentationMatchingOptions { Steps = 2 }));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 5);
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), parts = Path.Combine(_dir, "resumed.npy.parts");
        var store = new MlNetFreq.Operations.Resume.PartStore(parts, 2, MlNetFreq.Operations.Resume.PartStore.Binding(operation, parameters,
            Methods.Validation.DataFingerprint.FileSha256(model), Methods.Validation.DataFingerprint.Sha256(data.Images.Data, data.Labels), 2));
        using (var session = Onnx.Sessions.ModelSession.Load(model))
        {
            operation.Run(session, data, parameters, store: store);
        }

        File.Delete(Path.Combine(parts, "part-000000002.json"));
        File.Delete(Path.Combine(parts, "part-000000004.json"));
        var resumed = CliRun.Run(Args(Path.Combine(_dir, "resumed.npy")));
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains($"resumed 1 part(s) of 2 images from {parts}", resumed.Err, StringComparison.Ordinal);
        Assert.Equal(whole, File.ReadAllBytes(Path.Combine(_dir, "resumed.npy")));

        // Parts of other settings are refused, naming the part; nothing is written.
        using (var session = Onnx.Sessions.ModelSession.Load(model))
        {
            operation.Run(session, data, parameters, store: store);
        }

        var refused = CliRun.Run(Args(Path.Combine(_dir, "resumed.npy"), "--seed", "9"));
        Assert.Equal(4, refused.Code);
        Assert.Contains("part-000000000.json: expected a part of this run", refused.Err, StringComparison.Ordinal);
        Assert.Equal(whole, File.ReadAllBytes(Path.Combine(_dir, "resumed.npy")));
    }
}

[Collection("console")]
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-validate-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Err) Validate(string model, params string[] more)
    {
        string policy = Path.Combine(_dir, "policy.json");
        File.WriteAllText(policy, """
            { "limit": 200, "checks": [
              { "name": "clean", "kind": "CleanAccuracy", "min": 0.8 },
              { "name": "pgd", "kind": "RobustAccuracy", "min": 0.5, "images": 100, "attack": { "method": "pgd", "eps": 0.1, "alpha": 0.025, "steps": 5, "random-start": false } },
              { "name": "hf", "kind": "HighFrequencyReliance", "max": 0.5, "images": 20 } ] }
            """);
        var r = CliRun.Run(["validate", "--model", Path.Combine(RepoPaths.Models, model + ".onnx"), "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"),
            "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), "--policy", policy, "--out", Path.Combine(_dir, model), .. more]);
        return (r.Code, r.Err);
    }

    [Fact]
    public void ExitCodeFollowsThePolicy()
    {
        var natural = Validate("fmnist-resnet8");
        Assert.Equal(3, natural.Code);
        Assert.Contains("policy failed: pgd", natural.Err, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "fmnist-resnet8", "report.json")));
        Assert.False(report.RootElement.GetProperty("passed").GetBoolean());
        var provenance = report.RootElement.GetProperty("provenance");
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx")))).ToLowerInvariant(),
            provenance.GetProperty("model_sha256").GetString());
        Assert.Equal(64, provenance.GetProperty("data_sha256").GetString()!.Length);
        Assert.StartsWith("mlnetfreq ", provenance.GetProperty("tool").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "fmnist-resnet8", "report.md")));
        Assert.True(File.Exists(Path.Combine(_dir, "fmnist-resnet8", "attribution-by-class.png")));

        Assert.Equal(0, Validate("fmnist-resnet8-linf-0.1").Code);
    }

    [Fact]
    public void JUnitXmlHoldsOneTestcasePerCheckAndTheFailures()
    {
        string junit = Path.Combine(_dir, "gate.xml");
        var natural = Validate("fmnist-resnet8", "--junit", junit);
        Assert.Equal(3, natural.Code);
        var xml = System.Xml.Linq.XDocument.Load(junit).Root!;
        // The structure Jenkins' JUnit plugin, GitLab and Azure DevOps read: testsuites > testsuite > properties, testcase > failure.
        Assert.Equal("testsuites", xml.Name.LocalName);
        var suite = Assert.Single(xml.Elements("testsuite"));
        Assert.Equal(("policy.json", "3", "1", "0", "0"), ((string)suite.Attribute("name")!, (string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!, (string)suite.Attribute("skipped")!));
        var properties = suite.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "fmnist-resnet8", "report.json")));
        var provenance = report.RootElement.GetProperty("provenance");
        Assert.Equal(provenance.GetProperty("model_sha256").GetString(), properties["model_sha256"]);
        Assert.Equal(provenance.GetProperty("data_sha256").GetString(), properties["data_sha256"]);
        Assert.Equal("200", properties["images"]);
        var cases = suite.Elements("testcase").ToArray();
        Assert.Equal(["clean", "pgd", "hf"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Equal("mlnetfreq.validate.RobustAccuracy", (string)cases[1].Attribute("classname")!);
        var failure = Assert.Single(cases.SelectMany(c => c.Elements("failure")));
        var pgd = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "pgd");
        Assert.StartsWith($"pgd: value {Methods.Validation.ValidationDocument.Format(pgd.GetProperty("value").GetDouble())} [", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal("RobustAccuracy", (string)failure.Attribute("type")!);
        Assert.All(cases, c => Assert.NotNull(c.Element("system-out")));

        // A JUnit path of another format is refused before any work, naming the flag.
        var wrong = Validate("fmnist-resnet8", "--junit", Path.Combine(_dir, "gate.txt"));
        Assert.Equal(2, wrong.Code);
        Assert.Contains("--junit", wrong.Err, StringComparison.Ordinal);
        Assert.Contains("expected a file name ending in .xml", wrong.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenPolicyIsAClearError()
    {
        string policy = Path.Combine(_dir, "bad.json");
        File.WriteAllText(policy, "{ \"checks\": [ { \"kind\": \"Magic\" } ] }");
        var r = CliRun.Run("validate", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"),
            "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), "--policy", policy, "--out", _dir);
        Assert.Equal(2, r.Code);
        Assert.Contains("bad.json: checks[0]: kind: expected one of CleanAccuracy, RobustAccuracy, HighFrequencyReliance, SimBAMedianQueries, AutoAttack, HeatMapMeanError, HeatMapMaxError, LowPassAccuracy, HighPassAccuracy, CorruptionAccuracy, WorstCorruptionGroupAccuracy, found 'Magic'.", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ACutOffBeyondTheModelsSpectrumIsAnErrorBeforeAnythingRuns()
    {
        // 40 for 4: on 28×28 images every frequency lies within 40, so the low-pass images would be the images themselves.
        string policy = Path.Combine(_dir, "radius.json");
        File.WriteAllText(policy, "{ \"checks\": [ { \"name\": \"low-pass\", \"kind\": \"LowPassAccuracy\", \"min\": 0.5, \"radius\": 40 } ] }");
        string outDir = Path.Combine(_dir, "gate");
        var r = CliRun.Run("validate", "--model", Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), "--input", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"),
            "--labels", Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), "--policy", policy, "--out", outDir);
        Assert.Equal(2, r.Code);
        Assert.Contains("radius.json: checks[0] ('low-pass'): radius: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 40", r.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }
}
