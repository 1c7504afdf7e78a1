using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Tests;

public sealed class StockPipelineTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-stock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class ImagePath
    {
        public string Path { get; set; } = "";
    }

    [Fact]
    public void AcceptsTheColumnOfLoadImagesResizeExtractPixels()
    {
        // Two 6×5 BMP images written by hand (the same pixels our ImageFolder reader decodes).
        string cls = Path.Combine(_dir, "c");
        Directory.CreateDirectory(cls);
        for (int i = 0; i < 2; i++)
        {
            File.WriteAllBytes(Path.Combine(cls, $"{i}.bmp"), Bmp.Create(6, 5, (x, y) => ((byte)(40 * x + i), (byte)(50 * y), (byte)(x * y * 7))));
        }

        var files = _ml.Data.LoadFromEnumerable(Directory.GetFiles(cls).Order().Select(p => new ImagePath { Path = p }));
        var pipeline = _ml.Transforms.LoadImages("Raw", imageFolder: null, inputColumnName: "Path")
            .Append(_ml.Transforms.ResizeImages("Resized", 6, 5, "Raw"))
            .Append(_ml.Transforms.ExtractPixels("Pixels", "Resized", scaleImage: 1 / 255f))
            .Append(_ml.Transforms.Dct2D("Spectrum", "Pixels", backend: DctBackendKind.Managed));
        var output = pipeline.Fit(files).Transform(files);
        Assert.Equal(new[] { 3, 5, 6 }, ((VectorDataViewType)output.Schema["Spectrum"].Type).Dimensions.ToArray());

        var reference = ImageFolder.Read(_dir);
        var expected = new float[reference.Images.Data.Length];
        using var dct = new ManagedDctBackend();
        dct.Transform(reference.Images.Data, expected, reference.Images.Shape, DctDirection.Forward);
        var actual = output.GetColumn<VBuffer<float>>("Spectrum").SelectMany(v => v.DenseValues()).ToArray();
        TestArrays.AssertClose(expected, actual, atol: 1e-5);
    }

    [Fact]
    public void BandFeaturesFeedAStockTrainer()
    {
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"),
            Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"));
        var view = new TensorDataView(sample);
        var split = _ml.Data.TrainTestSplit(view, testFraction: 0.3, seed: 1);
        var pipeline = _ml.Transforms.FrequencyBandFeatures("Features", "Image")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(_ml.Transforms.Conversion.MapValueToKey("Key", "Label"))
            .Append(_ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Key", "Features", maximumNumberOfIterations: 30));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), "Key");
        // 55 band energies of Fashion-MNIST separate the classes far above the 10 % chance level.
        Assert.True(metrics.MacroAccuracy > 0.45, $"macro accuracy {metrics.MacroAccuracy:F3}");
    }
}
