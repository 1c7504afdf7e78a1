using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

/// <summary>The corruption and frequency-filter transforms and the diagnostics evaluator against the library.</summary>
public sealed class FrequencyRobustnessTransformTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    private static float[] Column(IDataView view, string name) => view.GetColumn<VBuffer<float>>(name).SelectMany(v => v.DenseValues()).ToArray();

    [Fact]
    public void CorruptColumnEqualsTheLibraryWhateverTheBatchSizeAndSurvivesSaveLoad()
    {
        var data = TestData.Fashion(11);
        var view = new TensorDataView(data);
        var fog = new FogOptions { Severity = 4, Seed = 3 };
        var model = _ml.Transforms.Corrupt(new CorruptionTransformOptions { Corruption = fog, BatchSize = 4 }).Fit(view);
        float[] corrupted = Column(model.Transform(view), "Corrupted");
        TestArrays.AssertClose(fog.Create().Apply(data.Images.Data, data.Images.Shape), corrupted, atol: 0);

        string path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.zip");
        model.SaveTo(path);
        var loaded = MlNetFreqModel.LoadSingle<CorruptionTransformer>(path);
        File.Delete(path);
        Assert.Equal(corrupted, Column(loaded.Transform(view), "Corrupted"));
        Assert.Equal(fog, loaded.Options.Corruption);

        // The plain overload names the corruption; saturate on a gray column is refused at Fit, naming column and reason.
        Assert.Equal(Column(_ml.Transforms.Corrupt("jpeg", 2).Fit(view).Transform(view), "Corrupted"), new JpegOptions { Severity = 2 }.Create().Apply(data.Images.Data, data.Images.Shape));
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Corrupt("saturate").Fit(view).Transform(view).Preview());
        Assert.Contains("'Image'", ex.Message);
        Assert.Contains("gray", ex.Message);
    }

    [Fact]
    public void LowAndHighPassColumnsAddUpToTheImage()
    {
        var data = TestData.Random(6, 3, 9, 10);
        var view = new TensorDataView(data);
        var pipeline = _ml.Transforms.FilterFrequencies("Low", radius: 3)
            .Append(_ml.Transforms.FilterFrequencies("High", radius: 3, pass: FrequencyPass.High));
        var output = pipeline.Fit(view).Transform(view);
        float[] low = Column(output, "Low"), high = Column(output, "High");
        TestArrays.AssertClose(data.Images.Data, low.Zip(high, (a, b) => a + b).ToArray(), atol: 1e-5);
        var expectedLow = new float[low.Length];
        new FrequencySplit(SpectralBasis.Fourier, 9, 10, 3).Split(data.Images.Data, expectedLow, new float[low.Length]);
        Assert.Equal(expectedLow, low);
    }

    [Fact]
    public void EvaluatorEqualsTheLibraryOnTheSameRows()
    {
        // 300 rows: the evaluator reads two blocks of 256 and merges them.
        var data = TestData.Fashion(300);
        var view = new TensorDataView(data);
        using var session = ModelSession.Load(Model);
        var heatOptions = new FourierHeatMapOptions { Seed = 2, PerturbationNorm = 1.5 };
        var map = FrequencyRobustnessEvaluator.HeatMap(view, session, heatOptions);
        var expected = new FourierHeatMap(session, heatOptions).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expected.Wrong, map.Wrong);
        Assert.Equal(300, map.Images);

        var curves = FrequencyRobustnessEvaluator.FilteredAccuracy(view, session);
        var expectedCurves = new FilteredAccuracy(session).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expectedCurves.Points.Select(p => (p.LowCorrect, p.HighCorrect, p.LowMin, p.HighMax)), curves.Points.Select(p => (p.LowCorrect, p.HighCorrect, p.LowMin, p.HighMax)));

        var tableOptions = new CorruptionAccuracyOptions { Corruptions = CorruptionList.Parse("shot-noise,pixelate"), Severities = SeverityList.Parse("1,5") };
        var table = FrequencyRobustnessEvaluator.Corruptions(view, session, tableOptions);
        var expectedTable = new CorruptionAccuracy(session, tableOptions).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expectedTable.Rows.Select(r => r.Correct), table.Rows.Select(r => r.Correct));
        TestArrays.AssertClose(expectedTable.Rows.SelectMany(r => r.ThirdRelativeChange).ToArray(), table.Rows.SelectMany(r => r.ThirdRelativeChange).Select(v => (float)v).ToArray(), atol: 1e-9);
    }
}
