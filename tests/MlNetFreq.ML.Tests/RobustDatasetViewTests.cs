using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Datasets;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

public sealed class RobustDatasetViewTests
{
    [Fact]
    public void GeneratedSetIsADataViewWithTheCoreImagesAndTheTargetsLabels()
    {
        var data = DataSources.Load(
            Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 5);
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8-linf-0.1.onnx"));
        var matching = new RepresentationMatching(session) { Steps = 2, StepSize = 0.2, Seed = 3 };
        var view = new MLContext(seed: 1).Data.GenerateByRepresentationMatching(data, matching);

        var imageType = Assert.IsType<VectorDataViewType>(view.Schema["Image"].Type);
        Assert.Equal([1, 28, 28], imageType.Dimensions.ToArray());
        Assert.Equal(data.Labels, view.GetColumn<int>("Label").ToArray());
        float[] images = view.GetColumn<VBuffer<float>>("Image").SelectMany(v => v.DenseValues()).ToArray();
        TestArrays.AssertClose(matching.Generate(data.Images.Data, 5).Images, images, atol: 0);
        Assert.False(images.AsSpan(0, 784).SequenceEqual(data.Images.Image(0)), "the generated image must differ from its target");

        var unlabeled = data with { Labels = null };
        Assert.Contains("Expected labels", Assert.Throws<ArgumentException>(() => new MLContext().Data.GenerateByRepresentationMatching(unlabeled, matching)).Message, StringComparison.Ordinal);
    }
}
