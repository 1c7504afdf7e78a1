using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Tests;

/// <summary>Whole networks: our input gradient of ⟨seed, f(x)⟩ against torch.autograd (fixtures made by tests/fixtures/make_gradient_fixtures.py).</summary>
public sealed class TorchGradientTests
{
    public static TheoryData<string> TorchvisionModels => new() { "tv-resnet18", "tv-mobilenet_v2", "tv-densenet121", "vgg-bn-dropout" };

    public static TheoryData<string> ZooModels => new(Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "gradients"), "*.grad.npy")
        .Select(p => Path.GetFileName(p)[..^".grad.npy".Length]).Order());

    [RequiresGeneratedFixturesTheory]
    [MemberData(nameof(TorchvisionModels))]
    public void TorchvisionModelGradientsMatchAutograd(string name)
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "generated");
        Compare(Path.Combine(dir, name + ".onnx"), dir, name);
    }

    [Theory]
    [MemberData(nameof(ZooModels))]
    public void ShippedModelGradientsMatchAutograd(string name) =>
        Compare(Path.Combine(RepoPaths.Models, name + ".onnx"), Path.Combine(RepoPaths.Fixtures, "gradients"), name);

    private static void Compare(string modelPath, string dir, string name)
    {
        var x = NpyFile.ReadImages(Path.Combine(dir, name + ".input.npy"));
        float[] torchLogits = NpyFile.Read(Path.Combine(dir, name + ".logits.npy")).ToSingle();
        float[] torchGrad = NpyFile.Read(Path.Combine(dir, name + ".grad.npy")).ToSingle();
        using var session = ModelSession.Load(modelPath);
        float[] logits = session.Forward(x.Data, x.Shape.N);
        TestArrays.AssertClose(torchLogits, logits, atol: 1e-4, rtol: 1e-4, what: name + " logits");

        // The fixture's seed is random (see the script): ∂⟨seed, f(x)⟩/∂x exercises every logit's backward path without
        // the float32 cancellation of a confident cross-entropy seed.
        float[] seed = NpyFile.Read(Path.Combine(dir, name + ".seed.npy")).ToSingle();
        var result = session.Gradient(x.Data, x.Shape.N, seed);
        int per = x.Shape.ImageLength;
        for (int i = 0; i < x.Shape.N; i++)
        {
            var ours = result.InputGradient.AsSpan(i * per, per);
            var theirs = torchGrad.AsSpan(i * per, per);
            double dot = 0, a2 = 0, b2 = 0, d2 = 0;
            for (int k = 0; k < per; k++)
            {
                dot += (double)ours[k] * theirs[k];
                a2 += (double)ours[k] * ours[k];
                b2 += (double)theirs[k] * theirs[k];
                d2 += ((double)ours[k] - theirs[k]) * ((double)ours[k] - theirs[k]);
            }

            double cosine = dot / Math.Sqrt(a2 * b2);
            double relative = Math.Sqrt(d2 / b2);
            Assert.True(cosine >= 0.9999, $"{name} sample {i}: cosine {cosine:F6}");
            Assert.True(relative <= 1e-3, $"{name} sample {i}: relative L2 error {relative:E2}");
        }
    }
}
