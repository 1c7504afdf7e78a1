using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Tests;

public sealed class DctTransformerTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static float[] Expected(float[] x, ImageBatchShape shape, DctDirection direction = DctDirection.Forward)
    {
        var y = new float[x.Length];
        using var dct = new ManagedDctBackend();
        dct.Transform(x, y, shape, direction);
        return y;
    }

    private static List<(float[] Values, int Label, ulong Id)> ReadColumn(IDataView view, string column)
    {
        var rows = new List<(float[], int, ulong)>();
        using var cursor = view.GetRowCursor(view.Schema);
        var values = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        var label = cursor.GetGetter<int>(view.Schema["Label"]);
        var id = cursor.GetIdGetter();
        VBuffer<float> buffer = default;
        int l = 0;
        DataViewRowId rowId = default;
        while (cursor.MoveNext())
        {
            values(ref buffer);
            label(ref l);
            id(ref rowId);
            rows.Add((buffer.DenseValues().ToArray(), l, rowId.Low));
        }

        return rows;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    public void SpectrumColumnEqualsBackendOutputAcrossBatchBoundaries(int batchSize)
    {
        var data = TestData.Random(20, 3, 8, 6);
        var view = new TensorDataView(data);
        var model = _ml.Transforms.Dct2D(new DctOptions { OutputColumnName = "Spectrum", InputColumnName = "Image", BatchSize = batchSize, Backend = DctBackendKind.Managed }).Fit(view);
        var output = model.Transform(view);

        var type = (VectorDataViewType)output.Schema["Spectrum"].Type;
        Assert.Equal(new[] { 3, 8, 6 }, type.Dimensions.ToArray());
        float[] expected = Expected(data.Images.Data, data.Images.Shape);
        var rows = ReadColumn(output, "Spectrum");
        Assert.Equal(20, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected.AsSpan(i * 144, 144).ToArray(), rows[i].Values);
            Assert.Equal(i % 10, rows[i].Label);
            Assert.Equal((ulong)i, rows[i].Id);
        }
    }

    [Fact]
    public void InverseTransformRestoresImages()
    {
        var data = TestData.Random(5, 1, 7, 9);
        var view = new TensorDataView(data);
        var pipeline = _ml.Transforms.Dct2D("Spectrum", "Image")
            .Append(_ml.Transforms.Dct2D("Restored", "Spectrum", DctDirection.Inverse));
        var output = pipeline.Fit(view).Transform(view);
        var restored = ReadColumn(output, "Restored").SelectMany(r => r.Values).ToArray();
        TestArrays.AssertClose(data.Images.Data, restored, atol: 2e-6);
    }

    [Fact]
    public void EnumerableReadsCopyValuesEvenWhenMlNetReadsAhead()
    {
        var data = TestData.Random(50, 1, 4, 4);
        var view = new TensorDataView(data);
        // A stock transformer after ours makes ML.NET pull rows through its own (possibly parallel) cursors.
        var pipeline = _ml.Transforms.Dct2D("Spectrum", "Image", backend: DctBackendKind.Managed)
            .Append(_ml.Transforms.NormalizeMinMax("Scaled", "Spectrum"))
            .Append(_ml.Transforms.Conversion.ConvertType("LabelF", "Label", DataKind.Single));
        var output = pipeline.Fit(view).Transform(view);
        var rows = _ml.Data.CreateEnumerable<SpectrumRow>(output, reuseRowObject: false).ToList();
        float[] expected = Expected(data.Images.Data, data.Images.Shape);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected.AsSpan(i * 16, 16).ToArray(), rows[i].Spectrum);
            Assert.Equal(i % 10, rows[i].LabelF);
        }
    }

    private sealed class SpectrumRow
    {
        public float[] Spectrum { get; set; } = [];

        public float LabelF { get; set; }
    }

    [Fact]
    public void PredictionEngineWorksOverTheChain()
    {
        var data = TestData.Random(3, 1, 2, 3);
        var view = new TensorDataView(data);
        var model = _ml.Transforms.Dct2D("Spectrum", "Image").Fit(view);
        var schema = SchemaDefinition.Create(typeof(ImageRow));
        schema[nameof(ImageRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 2, 3);
        var engine = _ml.Model.CreatePredictionEngine<ImageRow, SpectrumOnly>(model, inputSchemaDefinition: schema);
        float[] expected = Expected(data.Images.Data, data.Images.Shape);
        for (int i = 0; i < 3; i++)
        {
            var prediction = engine.Predict(new ImageRow { Image = data.Images.Image(i).ToArray() });
            Assert.Equal(expected.AsSpan(i * 6, 6).ToArray(), prediction.Spectrum);
        }
    }

    private sealed class ImageRow
    {
        public float[] Image { get; set; } = [];
    }

    private sealed class SpectrumOnly
    {
        public float[] Spectrum { get; set; } = [];
    }

    [Fact]
    public void TransformIsLazyAndReadsAtMostOneBatchAhead()
    {
        var source = new CountingDataView(rows: 100_000, length: 16);
        var model = new DctTransformer(new DctOptions { OutputColumnName = "S", InputColumnName = "Image", BatchSize = 4, ImageShape = new(1, 4, 4) });
        var output = model.Transform(source);
        Assert.Equal(0, source.RowsRead);

        using var cursor = output.GetRowCursor([output.Schema["S"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["S"]);
        VBuffer<float> value = default;
        for (int i = 0; i < 5; i++)
        {
            Assert.True(cursor.MoveNext());
            getter(ref value);
        }

        Assert.Equal(8, source.RowsRead);

        // Streaming the whole 100k-row view keeps one 4-row block; nothing grows with the row count.
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (cursor.MoveNext())
        {
            getter(ref value);
        }

        long perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / 100_000;
        Assert.Equal(100_000, source.RowsRead);
        Assert.True(perRow < 64, $"allocated {perRow} bytes per row while streaming");
    }

    [Fact]
    public void NaNPixelIsReportedWithColumnAndRow()
    {
        var data = TestData.Random(6, 1, 3, 3);
        data.Images.Data[4 * 9 + 2] = float.NaN;
        var output = _ml.Transforms.Dct2D("S", "Image").Fit(new TensorDataView(data)).Transform(new TensorDataView(data));
        var ex = Assert.Throws<InvalidOperationException>(() => ReadColumn(output, "S"));
        Assert.Contains("Column 'Image', row 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }
}
