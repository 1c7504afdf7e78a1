using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Tests;

public sealed class ModelLoadingTests
{
    private static int[] Predict(float[] logits, int classes) =>
        Enumerable.Range(0, logits.Length / classes).Select(i => Array.IndexOf(logits, logits.Skip(i * classes).Take(classes).Max(), i * classes) - i * classes).ToArray();

    public static TheoryData<string> ShippedModels => new(
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models")
            .EnumerateArray().Where(m => m.GetProperty("dataset").GetString() == "fashion-mnist").Select(m => m.GetProperty("name").GetString()!));

    [RequiresSharedFact("data/cifar10/test_batch.bin")]
    public void ShippedCifarModelsMatchTheirManifestOnTheSharedTestSet()
    {
        var entries = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models")
            .EnumerateArray().Where(m => m.GetProperty("dataset").GetString() == "cifar10").ToArray();
        var test = DataSources.Load(Path.Combine(RepoPaths.Shared, "data", "cifar10"));
        foreach (var entry in entries)
        {
            string name = entry.GetProperty("name").GetString()!;
            using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, entry.GetProperty("file").GetString()!));
            float[] logits = session.Forward(test.Images.Data, test.Images.Shape.N);
            double accuracy = Predict(logits, 10).Zip(test.Labels!).Count(p => p.First == p.Second) / (double)test.Images.Shape.N;
            Assert.True(Math.Abs(accuracy - entry.GetProperty("clean_accuracy").GetDouble()) <= 0.005, $"{name}: {accuracy:F4} here, manifest {entry.GetProperty("clean_accuracy").GetDouble():F4}");
            float[] reference = NpyFile.Read(Path.Combine(RepoPaths.Models, "reference", name + ".logits16.npy")).ToSingle();
            TestArrays.AssertClose(reference, logits.AsSpan(0, 160), atol: 1e-4, rtol: 1e-4, what: name);
        }
    }

    [Theory]
    [MemberData(nameof(ShippedModels))]
    public void ShippedModelMatchesItsManifestAndPyTorch(string name)
    {
        var entry = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models")
            .EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        string path = Path.Combine(RepoPaths.Models, entry.GetProperty("file").GetString()!);
        Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        using var session = ModelSession.Load(path);
        Assert.Equal("input", session.Prepared.InputName);
        Assert.Equal("logits", session.Prepared.OutputName);
        Assert.Equal(10, session.Classes);
        Assert.True(session.Prepared.DynamicBatch);

        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"));
        float[] logits = session.Forward(sample.Images.Data, 1000);
        double accuracy = Predict(logits, 10).Zip(sample.Labels!).Count(p => p.First == p.Second) / 1000.0;
        double manifest = entry.GetProperty("clean_accuracy").GetDouble();
        Assert.True(Math.Abs(accuracy - manifest) <= 0.02, $"{name}: accuracy {accuracy:F4} on the sample, manifest {manifest:F4}");

        float[] reference = NpyFile.Read(Path.Combine(RepoPaths.Models, "reference", name + ".logits16.npy")).ToSingle();
        TestArrays.AssertClose(reference, logits.AsSpan(0, 160), atol: 1e-4, what: name);
    }

    [RequiresSharedFact("models/cifar10-resnet20.onnx")]
    public void SharedCifarResNet20ReproducesItsReferenceLogitsAndAccuracy()
    {
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Shared, "models", "cifar10-resnet20.onnx"));
        var test = DataSources.Load(Path.Combine(RepoPaths.Shared, "data", "cifar10"));
        float[] logits = session.Forward(test.Images.Data, test.Images.Shape.N);
        var rows = File.ReadAllLines(Path.Combine(RepoPaths.Shared, "models", "cifar10-resnet20.reference_logits.csv"))
            .Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(16, rows.Length);
        TestArrays.AssertClose(rows.SelectMany(r => r.Skip(2)).ToArray(), logits.AsSpan(0, 160), atol: 1e-4, rtol: 1e-5);
        double accuracy = Predict(logits, 10).Zip(test.Labels!).Count(p => p.First == p.Second) / (double)test.Images.Shape.N;
        Assert.Equal(0.9173, accuracy, 4);
    }

    [RequiresSharedFact("models/robust/vnncomp-cifar10-resnet_2b.onnx")]
    public void FixedBatchModelWithOutsideNormalisationRunsInBatches()
    {
        var options = new ModelSessionOptions { NormalizeMean = [0.4914f, 0.4822f, 0.4465f], NormalizeStd = [0.2471f, 0.2435f, 0.2616f] };
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Shared, "models", "robust", "vnncomp-cifar10-resnet_2b.onnx"), options);
        Assert.True(session.Prepared.DynamicBatch, "the fixed batch of 1 should have been rewritten to a symbolic one");
        var test = DataSources.Load(Path.Combine(RepoPaths.Shared, "data", "cifar10"));
        float[] logits = session.Forward(test.Images.Data, test.Images.Shape.N);
        double accuracy = Predict(logits, 10).Zip(test.Labels!).Count(p => p.First == p.Second) / (double)test.Images.Shape.N;
        Assert.Equal(0.6925, accuracy, 3);

        // Its gradient (through the prepended normalisation) against finite differences.
        FiniteDifferences.Check(session, n: 2, seed: 5, h: 1e-4, what: "vnncomp resnet_2b");
    }

    [Fact]
    public void BadModelsAndInputsGetClearErrors()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => ModelSession.Load("/nonexistent/model.onnx"));
        Assert.Contains("/nonexistent/model.onnx: expected an ONNX model file", missing.Message, StringComparison.Ordinal);

        string corrupt = Path.GetTempFileName();
        File.WriteAllBytes(corrupt, [0x08, 0xFF, 0xFF, 0xFF, 0x12, 0x99]);
        Assert.Contains(corrupt, Assert.Throws<OnnxFormatException>(() => ModelSession.Load(corrupt)).Message, StringComparison.Ordinal);
        File.Delete(corrupt);

        var g = new TestGraph(1, 4, 4);
        using var session = ModelSession.Create(g.Output(g.Node("Relu", [g.X])), "relu");
        Assert.Contains("expected 2 images of [1,4,4] = 32 values, found 31", Assert.Throws<ArgumentException>(() => session.Forward(new float[31], 2)).Message, StringComparison.Ordinal);
        var nan = new float[16];
        nan[5] = float.NaN;
        Assert.Contains("found NaN in image 0 at offset 5", Assert.Throws<ArgumentException>(() => session.Forward(nan, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("expected a seed of n × 16", Assert.Throws<ArgumentException>(() => session.Gradient(new float[16], 1, new float[3])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreadsDefaultToOnePerLogicalProcessorAndRefuseNegativeCounts()
    {
        // ONNX Runtime's own default (option unset) gives one thread on a 2-core machine; ours is every processor.
        var g = new TestGraph(1, 4, 4);
        var model = g.Output(g.Node("Relu", [g.X]));
        using (var session = ModelSession.Create(model, "relu"))
        {
            Assert.Equal(Environment.ProcessorCount, session.IntraOpThreads);
        }

        using (var one = ModelSession.Create(model, "relu", new ModelSessionOptions { IntraOpThreads = 1 }))
        {
            Assert.Equal(1, one.IntraOpThreads);
        }

        var ex = Assert.Throws<ArgumentException>(() => ModelSession.Create(model, "relu", new ModelSessionOptions { IntraOpThreads = -2 }));
        Assert.Equal("threads: expected 0 (one per logical processor) or a positive count, found -2.", ex.Message);
        int many = Environment.ProcessorCount + 1;
        var tooMany = Assert.Throws<ArgumentException>(() => ModelSession.Create(model, "relu", new ModelSessionOptions { IntraOpThreads = many }));
        Assert.Equal($"threads: expected at most {Environment.ProcessorCount} (the logical processors this process may use), found {many}.", tooMany.Message);
    }

    [Fact]
    public void ChunkedRunsPutEachChunkInItsPlace()
    {
        // ONNX Runtime reads the images and writes logits and gradients in place, chunk by chunk: with 5 images in chunks
        // of 2, relu(x) and seed ⊙ 1[x > 0] must land at every image's own offset.
        var g = new TestGraph(1, 4, 4);
        using var session = ModelSession.Create(g.Output(g.Node("Relu", [g.X])), "relu", new ModelSessionOptions { MaxBatchSize = 2 });
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 5 * 16).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] seed = Enumerable.Range(0, 5 * 16).Select(i => (float)i).ToArray();
        Assert.Equal(x.Select(v => Math.Max(v, 0f)), session.Forward(x, 5));
        var result = session.Gradient(x, 5, seed);
        Assert.Equal(x.Select(v => Math.Max(v, 0f)), result.Logits);
        Assert.Equal(x.Select((v, i) => v > 0 ? seed[i] : 0f), result.InputGradient);
    }

    [Fact]
    public void PassCounterCountsImagesRunsAndTimeInsideTheRuns()
    {
        // Benchmarks price each run by its batch size and relate the time inside ONNX Runtime to the wall time.
        var g = new TestGraph(1, 4, 4);
        using var session = ModelSession.Create(g.Output(g.Node("Relu", [g.X])), "relu", new ModelSessionOptions { MaxBatchSize = 2 });
        var wall = System.Diagnostics.Stopwatch.StartNew();
        session.Forward(new float[5 * 16], 5);
        session.Gradient(new float[3 * 16], 3, new float[3 * 16]);
        wall.Stop();
        Assert.Equal(5, session.Passes.Forward);
        Assert.Equal(3, session.Passes.Gradient);
        Assert.Equal(new Dictionary<int, long> { [2] = 2, [1] = 1 }, session.Passes.ForwardRuns);
        Assert.Equal(new Dictionary<int, long> { [2] = 1, [1] = 1 }, session.Passes.GradientRuns);
        Assert.InRange(session.Passes.InRuns, TimeSpan.FromTicks(1), wall.Elapsed);
        session.Passes.Reset();
        Assert.Equal((0L, 0L, TimeSpan.Zero, 0), (session.Passes.Forward, session.Passes.Gradient, session.Passes.InRuns, session.Passes.ForwardRuns.Count));
    }

    [Fact]
    public void LossSeedsCheckLabels()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.LossSeeds.CrossEntropy(new float[20], [1, 12], 10));
        Assert.Contains("Label 12 at row 1 is outside the model's classes 0…9", ex.Message, StringComparison.Ordinal);
    }
}
