using System.Runtime.InteropServices;
using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Tests;

/// <summary>
/// Today's classifier architectures as torch.onnx.export writes them at opsets 13 and 17, against float64
/// torch.autograd (fixtures made by tests/fixtures/make_architecture_fixtures.py; scripts/fixtures.sh runs it).
/// MLNETFREQ_ARCHITECTURE_FIXTURES points the same tests at another folder, e.g. the full-size models of
/// scripts/check-full-size-gradients.sh.
/// </summary>
public sealed class ArchitectureGradientTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Reduced =
    [
        "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "convnext", "regnet_x", "regnet_y", "shufflenet_v2",
        "mnasnet", "googlenet", "squeezenet", "densenet", "resnet18", "resnext", "norm_resample",
    ];

    private static readonly string? OtherFolder = Environment.GetEnvironmentVariable("MLNETFREQ_ARCHITECTURE_FIXTURES") is { Length: > 0 } d ? d : null;

    private static string ReducedFolder => Path.Combine(RepoPaths.Fixtures, "generated", "architectures");

    private static string Folder => OtherFolder ?? ReducedFolder;

    public static TheoryData<string, int> Models
    {
        get
        {
            // The reduced list always (a missing fixture fails, naming its file), plus whatever else the folder holds.
            var found = Directory.Exists(Folder)
                ? Directory.GetFiles(Folder, "*.grad.npy").Select(p => Path.GetFileName(p)[..^".grad.npy".Length])
                : [];
            var names = (OtherFolder is null ? Reduced.Concat(found) : found).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var data = new TheoryData<string, int>();
            foreach (string name in names)
            {
                data.Add(name, 13);
                data.Add(name, 17);
            }

            return data;
        }
    }

    /// <summary>Opset-17 exports whose operators mean the same at later opsets (no ReduceMean, whose axes became an input at 18).</summary>
    public static TheoryData<string, int> Restamped => new()
    {
        { "convnext", 18 }, { "convnext", 21 }, { "mobilenet_v3_large", 18 }, { "norm_resample", 18 }, { "norm_resample", 21 }, { "densenet", 21 },
    };

    [RequiresGeneratedFixturesTheory]
    [MemberData(nameof(Models))]
    public void InputGradientEqualsFloat64Autograd(string name, int opset)
    {
        using var session = ModelSession.Load(Path.Combine(Folder, $"{name}.op{opset}.onnx"));
        Compare(session, Folder, name, opset);
    }

    [RequiresGeneratedFixturesTheory]
    [MemberData(nameof(Restamped))]
    public void BackwardNodesUseTheFormsOfLaterOpsets(string name, int opset)
    {
        // The backward part emits opset-dependent forms (ReduceMean's axes, Split's sizes…): raise the import and compare again.
        var model = Graph.OnnxModelFile.Load(Path.Combine(ReducedFolder, $"{name}.op17.onnx"));
        foreach (var import in model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx"))
        {
            import.Version = opset;
        }

        model.IrVersion = Math.Max(model.IrVersion, 10);
        using var session = ModelSession.Create(model, $"{name} at opset {opset}");
        Compare(session, ReducedFolder, name, opset);
    }

    private void Compare(ModelSession session, string folder, string name, int opset)
    {
        var x = NpyFile.ReadImages(Path.Combine(folder, name + ".input.npy"));
        float[] seed = NpyFile.Read(Path.Combine(folder, name + ".seed.npy")).ToSingle();
        double[] torchLogits = Float64(Path.Combine(folder, name + ".logits.npy"));
        double[] torchGrad = Float64(Path.Combine(folder, name + ".grad.npy"));
        double[] stability = Float64(Path.Combine(folder, name + ".stability.npy"));
        var result = session.Gradient(x.Data, x.Shape.N, seed);
        double logitScale = torchLogits.Max(Math.Abs);
        for (int i = 0; i < torchLogits.Length; i++)
        {
            Assert.True(Math.Abs(result.Logits[i] - torchLogits[i]) <= 1e-4 * Math.Max(1, logitScale), $"{name} opset {opset} logit {i}: {result.Logits[i]} vs {torchLogits[i]}");
        }

        int per = x.Shape.ImageLength;
        var norms = Enumerable.Range(0, x.Shape.N).Select(i => Norm(torchGrad.AsSpan(i * per, per))).ToArray();
        for (int i = 0; i < x.Shape.N; i++)
        {
            var ours = result.InputGradient.AsSpan(i * per, per);
            var theirs = torchGrad.AsSpan(i * per, per);
            if (norms[i] < 1e-7 || norms[i] < 1e-6 * norms.Max())
            {
                // Cancelled to ~0 in the reference: ours must be ~0 too.
                double oursNorm = Math.Sqrt(Dot(ours, ours));
                Assert.True(oursNorm < 1e-5, $"{name} opset {opset} sample {i}: reference gradient ~0 ({norms[i]:E2}), ours {oursNorm:E2}");
                continue;
            }

            double dot = 0, a2 = 0, d2 = 0;
            for (int k = 0; k < per; k++)
            {
                dot += ours[k] * theirs[k];
                a2 += (double)ours[k] * ours[k];
                d2 += (ours[k] - theirs[k]) * (ours[k] - theirs[k]);
            }

            // The bars are 0.9999 and 1e-3, unless the reference itself moves further under a 1e-6 input perturbation
            // (a ReLU or MaxPool decision that float32 rounding can flip): then twice that movement.
            double cosine = dot / Math.Sqrt(a2) / norms[i];
            double relative = Math.Sqrt(d2) / norms[i];
            double minCosine = Math.Min(0.9999, 1 - 2 * (1 - stability[2 * i]));
            double maxRelative = Math.Max(1e-3, 2 * stability[2 * i + 1]);
            output.WriteLine($"{name} opset {opset} sample {i}: cosine {cosine:F7} (bar {minCosine:F6}), relative L2 {relative:E2} (bar {maxRelative:E2})");
            Assert.True(cosine >= minCosine, $"{name} opset {opset} sample {i}: cosine {cosine:F6} (bar {minCosine:F6})");
            Assert.True(relative <= maxRelative, $"{name} opset {opset} sample {i}: relative L2 error {relative:E2} (bar {maxRelative:E2})");
        }
    }

    private static double[] Float64(string path)
    {
        var a = NpyFile.Read(path);
        Assert.Equal("f8", a.DType);
        return MemoryMarshal.Cast<byte, double>(a.Bytes).ToArray();
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double d in v)
        {
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }
}
