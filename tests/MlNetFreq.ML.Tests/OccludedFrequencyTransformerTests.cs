using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

public sealed class OccludedFrequencyTransformerTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void ColumnsEqualTheCoreMethodAndSurviveSaveLoad()
    {
        var data = TestData.Fashion(21);
        var view = new TensorDataView(data);
        var options = new OccludedFrequencyTransformOptions { ModelPath = Model, BatchSize = 8 };
        var model = _ml.Transforms.OccludeFrequencies(options).Fit(view);
        var output = model.Transform(view);
        Assert.Equal(55, ((VectorDataViewType)output.Schema["Attribution"].Type).Size);
        float[] scores = output.GetColumn<VBuffer<float>>("Attribution").SelectMany(v => v.DenseValues()).ToArray();
        int[] targets = output.GetColumn<int>("TargetClass").ToArray();

        using var session = ModelSession.Load(Model);
        var expected = new OccludedFrequency(session).Explain(data.Images.Data, 21);
        TestArrays.AssertClose(expected.Scores, scores, atol: 1e-5);
        Assert.Equal(expected.TargetClasses, targets);

        string path = Path.Combine(Path.GetTempPath(), $"of-{Guid.NewGuid():N}.zip");
        model.SaveTo(path);
        using var loaded = OccludedFrequencyTransformer.Load(path);
        File.Delete(path);
        Assert.Equal(scores, loaded.Transform(view).GetColumn<VBuffer<float>>("Attribution").SelectMany(v => v.DenseValues()).ToArray());
        model.Dispose();
    }

    [Fact]
    public void WrongImageSizeFailsAtFitNamingTheColumn()
    {
        var view = new TensorDataView(TestData.Random(2, 3, 32, 32));
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.OccludeFrequencies(new OccludedFrequencyTransformOptions { ModelPath = Model }).Fit(view));
        Assert.Contains("Schema mismatch for input column 'Image': the model takes images of (1, 28, 28), got (3, 32, 32)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluatorReturnsThePerClassMatrix()
    {
        var data = TestData.Fashion(30);
        var profile = OccludedFrequencyEvaluator.Evaluate(new TensorDataView(data), new OccludedFrequencyTransformOptions { ModelPath = Model }, "Label");
        using var session = ModelSession.Load(Model);
        var expected = AttributionProfile.From(new OccludedFrequency(session).Explain(data.Images.Data, 30), data.Labels, 10);
        Assert.Equal(expected.CountByClass, profile.CountByClass);
        TestArrays.AssertClose(expected.MeanByClass, profile.MeanByClass, atol: 1e-4);
        TestArrays.AssertClose(expected.Overall, profile.Overall, atol: 1e-4);
        Assert.Equal(expected.HighFrequencyReliance, profile.HighFrequencyReliance, 4);
    }

    [Fact]
    public void HundredThousandRowsStreamInBoundedMemory()
    {
        // A tiny 1×4×4 classifier keeps 100k × 8 inferences fast; what is checked is that nothing grows with the row count.
        var g = new TestGraph(1, 4, 4);
        string path = Path.Combine(Path.GetTempPath(), $"tiny-{Guid.NewGuid():N}.onnx");
        Onnx.Graph.OnnxModelFile.Save(g.Output(g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Random(1, 16, 3)])), path);
        var source = new CountingDataView(rows: 100_000, length: 16, dims: [1, 4, 4]);
        using var transformer = new OccludedFrequencyTransformer(new OccludedFrequencyTransformOptions { ModelPath = path, BatchSize = 64 });
        var output = transformer.Transform(source);
        using var cursor = output.GetRowCursor([output.Schema["Attribution"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["Attribution"]);
        VBuffer<float> value = default;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = before;
        int rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (++rows % 20_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        File.Delete(path);
        Assert.Equal(100_000, rows);
        Assert.Equal(7, value.Length);
        Assert.True(peak - before < 16 << 20, $"live memory grew by {(peak - before) >> 20} MiB while streaming");
    }
}
