using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Datasets;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Tests;

public sealed class RepresentationMatchingTests
{
    [Theory]
    [InlineData("fmnist-resnet8")]
    [InlineData("fmnist-resnet8-linf-0.1")]
    [InlineData("fmnist-vgg")]
    public void ObjectiveFallsMonotonicallyOnTheShippedModels(string name)
    {
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, name + ".onnx"));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), limit: 8);
        var matching = new RepresentationMatching(session) { Steps = 12, StepSize = 0.05, Seed = 1, Normalize = true };
        Assert.Equal(session.Prepared.Model.Graph.Node.Last(n => n.OpType == "Gemm").Input[0], matching.Node);
        var (z, objective) = matching.Generate(data.Images.Data, 8);
        for (int s = 1; s < objective.Length; s++)
        {
            Assert.True(objective[s] <= objective[s - 1] + 1e-6, $"{name}: objective rose at step {s}: {objective[s - 1]:G6} → {objective[s]:G6}");
        }

        Assert.True(objective[^1] < 0.97 * objective[0], $"{name}: objective only fell from {objective[0]:G4} to {objective[^1]:G4}");
        Assert.All(z, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void StartsAreSeededAndBoundedByTheL2Ball()
    {
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), limit: 6);
        var a = new RepresentationMatching(session) { Steps = 3, Seed = 4, L2Bound = 0.5, MaxBatchSize = 4 }.Generate(data.Images.Data, 6);
        var b = new RepresentationMatching(session) { Steps = 3, Seed = 4, L2Bound = 0.5 }.Generate(data.Images.Data, 6);
        TestArrays.AssertClose(a.Images, b.Images, atol: 1e-6);
        var zero = new RepresentationMatching(session) { Steps = 0, Seed = 4 }.Generate(data.Images.Data, 6).Images;
        for (int i = 0; i < 6; i++)
        {
            double d = Math.Sqrt(Enumerable.Range(i * 784, 784).Sum(j => (double)(a.Images[j] - zero[j]) * (a.Images[j] - zero[j])));
            Assert.True(d <= 0.5 + 1e-5, $"image {i} moved {d} from its start");
            Assert.False(zero.AsSpan(i * 784, 784).SequenceEqual(data.Images.Image(i)), "z must start from another image");
        }
    }

    [Fact]
    public void RangesGiveTheSameImagesAsOneCall()
    {
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), limit: 7);
        var matching = new RepresentationMatching(session) { Steps = 2, Seed = 9, MaxBatchSize = 3 };
        var whole = matching.Generate(data.Images.Data, 7);
        var head = matching.Generate(data.Images.Data, 7, 0, 4);
        var tail = matching.Generate(data.Images.Data, 7, 4, 3);
        TestArrays.AssertClose(whole.Images, head.Images.Concat(tail.Images).ToArray(), atol: 1e-6);
        for (int s = 0; s < whole.Objective.Length; s++)
        {
            Assert.Equal(whole.Objective[s], (4 * head.Objective[s] + 3 * tail.Objective[s]) / 7, 6);
        }

        Assert.Contains("first 5, count 3", Assert.Throws<ArgumentOutOfRangeException>(() => matching.Generate(data.Images.Data, 7, 5, 3)).Message, StringComparison.Ordinal);
        Assert.Contains("found 784", Assert.Throws<ArgumentException>(() => matching.Generate(data.Images.Data.AsSpan(0, 784), 2)).Message, StringComparison.Ordinal);
    }
}
