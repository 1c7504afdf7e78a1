using MlNetFreq.Data.Tensors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Tests;

internal static class TestData
{
    public static LabeledImages Random(int n, int c, int h, int w, int seed = 1) =>
        new(new ImageTensor(TestArrays.Uniform(n * c * h * w, seed), new ImageBatchShape(n, c, h, w)),
            Enumerable.Range(0, n).Select(i => i % 10).ToArray());

    /// <summary>The first <paramref name="n"/> images and labels of the shipped Fashion-MNIST sample.</summary>
    public static LabeledImages Fashion(int n) => Data.Formats.DataSources.Load(
        Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), n);
}
