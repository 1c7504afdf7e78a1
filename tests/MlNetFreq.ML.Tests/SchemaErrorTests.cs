using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq.ML.Tests;

public sealed class SchemaErrorTests
{
    private readonly MLContext _ml = new(seed: 1);

    public static TheoryData<string> Transforms => new() { "dct", "bands", "occlusion", "attack" };

    private static IEstimator<ITransformer> Estimator(MLContext ml, string kind)
    {
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        return kind switch
        {
            "dct" => ml.Transforms.Dct2D(),
            "bands" => ml.Transforms.FrequencyBandFeatures(),
            "occlusion" => ml.Transforms.OccludeFrequencies(model),
            _ => ml.Transforms.AdversarialAttack(model, new FgsmOptions { Eps = 0.1 }),
        };
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void EstimatorSchemaIsTheTransformersColumnsWithTheDefaultImageColumn(string kind)
    {
        // Defaults read the column "Image"; the estimator's added columns (before any data) are the transformer's.
        var view = new TensorDataView(TestData.Random(2, 1, 28, 28));
        var estimator = Estimator(_ml, kind);
        var declared = estimator.GetOutputSchema(SchemaColumns.ShapeOf(view.Schema));
        var actual = estimator.Fit(view).GetOutputSchema(view.Schema);
        var added = actual.Where(c => view.Schema.GetColumnOrNull(c.Name) is null).ToArray();
        Assert.NotEmpty(added);
        foreach (var column in added)
        {
            var shape = declared.SingleOrDefault(c => c.Name == column.Name);
            Assert.True(shape.Name == column.Name, $"{kind}: the estimator does not declare '{column.Name}'");
            Assert.Equal(column.Type is VectorDataViewType v ? v.ItemType : column.Type, shape.ItemType);
            Assert.Equal(column.Type is VectorDataViewType, shape.Kind == SchemaShape.Column.VectorKind.Vector);
        }

        Assert.Equal(added.Length, declared.Count - SchemaColumns.ShapeOf(view.Schema).Count);
    }

    [Fact]
    public void ShapeOfDescribesKeyColumnsAsMlNetDoes()
    {
        // MapValueToKey adds a key column; ML.NET describes it by its raw type (UInt32) with IsKey set.
        var view = new TensorDataView(TestData.Fashion(4));
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(view).Transform(view);
        var shape = SchemaColumns.ShapeOf(keyed.Schema);
        var key = shape.Single(c => c.Name == "Key");
        Assert.True(key.IsKey);
        Assert.Equal(NumberDataViewType.UInt32, key.ItemType);
        // The shape feeds an estimator like ML.NET's own.
        Assert.Contains(_ml.Transforms.Dct2D().GetOutputSchema(shape), c => c.Name == "Spectrum");
    }

    private sealed class InterleavedRow
    {
        [VectorType(28, 28, 3)]
        public float[] Image { get; set; } = new float[28 * 28 * 3];
    }

    [Fact]
    public void InterleavedPixelsAreRefusedNotReadAsChannels()
    {
        // ExtractPixels(interleavePixelColors: true) gives (H, W, C) = (28, 28, 3); read as (C, H, W) it would be 28 channels.
        var view = _ml.Data.LoadFromEnumerable([new InterleavedRow(), new InterleavedRow()]);
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.FrequencyBandFeatures().Fit(view));
        Assert.Contains("Schema mismatch for input column 'Image': expected dimensions (C, H, W), got (28, 28, 3), which look like (H, W, C)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelTransformsCheckPixelsNamingTheRowInTheView()
    {
        var data = TestData.Random(8, 1, 28, 28);
        data.Images.Data[5 * 784 + 10] = 200f;
        var options = new OccludedFrequencyTransformOptions { ModelPath = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), BatchSize = 4 };
        var output = _ml.Transforms.OccludeFrequencies(options).Fit(new TensorDataView(data)).Transform(new TensorDataView(data));
        var ex = Assert.Throws<Data.DataFormatException>(() => output.GetColumn<VBuffer<float>>("Attribution").ToArray());
        Assert.Contains("input column 'Image', row 5: expected pixel values in [0, 1], found values from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumnFailsAtFitNamingIt()
    {
        var view = new TensorDataView(TestData.Random(2, 1, 3, 3));
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Dct2D("S", "Pixels").Fit(view));
        Assert.Contains("Could not find input column 'Pixels'", ex.Message, StringComparison.Ordinal);

        var shapeEx = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.FrequencyBandFeatures("F", "Pixels").GetOutputSchema(SchemaColumns.ShapeOf(view.Schema)));
        Assert.Contains("'Pixels'", shapeEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScalarColumnIsAWrongType()
    {
        var view = new TensorDataView(TestData.Random(2, 1, 3, 3));
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Dct2D("S", "Label").Fit(view));
        Assert.Contains("Schema mismatch for input column 'Label': expected a known-size vector of Single", ex.Message, StringComparison.Ordinal);

        var shapeEx = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Dct2D("S", "Label").GetOutputSchema(SchemaColumns.ShapeOf(view.Schema)));
        Assert.Contains("got Int32", shapeEx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatVectorNeedsADeclaredShape()
    {
        var flat = new CountingDataView(rows: 3, length: 12);
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Dct2D("S", "Image").Fit(flat));
        Assert.Contains("expected a vector with dimensions (C, H, W)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Image'", ex.Message, StringComparison.Ordinal);

        var wrong = new DctOptions { OutputColumnName = "S", InputColumnName = "Image", ImageShape = new ImageShape(1, 5, 5) };
        Assert.Contains("has 25 values, the column has 12", Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.Dct2D(wrong).Fit(flat)).Message, StringComparison.Ordinal);

        var ok = _ml.Transforms.Dct2D(wrong with { ImageShape = new ImageShape(1, 3, 4) }).Fit(flat);
        Assert.Equal(new[] { 1, 3, 4 }, ((VectorDataViewType)ok.GetOutputSchema(flat.Schema)["S"].Type).Dimensions.ToArray());
    }

    [Fact]
    public void EstimatorSchemaShapeAddsTheOutputColumn()
    {
        var view = new TensorDataView(TestData.Random(2, 3, 4, 4));
        var shape = _ml.Transforms.FrequencyBandFeatures("F", "Image").GetOutputSchema(SchemaColumns.ShapeOf(view.Schema));
        var col = shape.Single(c => c.Name == "F");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, col.Kind);
        Assert.Equal(NumberDataViewType.Single, col.ItemType);
        Assert.Contains(shape, c => c.Name == "Label");
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DctTransformer(new DctOptions { BatchSize = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => new DctTransformer(new DctOptions { OutputColumnName = " " }));
    }
}
