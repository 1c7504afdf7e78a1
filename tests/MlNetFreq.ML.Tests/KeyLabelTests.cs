using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

/// <summary>
/// A key-typed label means its key value: after a stock <c>MapValueToKey</c> (any ordering, classes missing from the
/// data) the attack sees the true classes — the same successes as the Int32 labels and as the library — and key values
/// that are not class indices are an error at <c>Fit</c>.
/// </summary>
public sealed class KeyLabelTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    [Theory]
    [InlineData(ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, false)]
    [InlineData(ValueToKeyMappingEstimator.KeyOrdinality.ByValue, true)]
    public void KeyLabelsAreReadThroughTheirKeyValues(ValueToKeyMappingEstimator.KeyOrdinality order, bool withoutClassZero)
    {
        var data = TestData.Fashion(64);
        int[] rows = [.. Enumerable.Range(0, 64).Where(i => !withoutClassZero || data.Labels![i] != 0)];
        var images = rows.SelectMany(i => data.Images.Image(i).ToArray()).ToArray();
        int[] labels = [.. rows.Select(i => data.Labels![i])];
        var set = new Data.Tensors.LabeledImages(new Data.Tensors.ImageTensor(images, new Spectral.Tensors.ImageBatchShape(rows.Length, 1, 28, 28)), labels);
        var attack = new PgdOptions { Eps = 1e-4, Alpha = 1e-4, Steps = 1, RandomStart = false };
        using var session = ModelSession.Load(Model);
        bool[] expected = attack.Create(session).Run(images, labels).Success;
        Assert.True(expected.Count(s => s) < rows.Length / 4, "a tiny budget fools only the misclassified images");

        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: order).Fit(new TensorDataView(set)).Transform(new TensorDataView(set));
        using var model = _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model, Attack = attack }).Fit(keyed);
        Assert.Equal(expected, model.Transform(keyed).GetColumn<bool>("AttackSuccess").ToArray());
    }

    [Fact]
    public void KeyValuesThatAreNotClassIndicesAreAnErrorAtFit()
    {
        var data = TestData.Fashion(4);
        string[] names = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        var rows = Enumerable.Range(0, 4).Select(i => new NamedRow { Image = data.Images.Image(i).ToArray(), Name = names[data.Labels![i]] }).ToArray();
        var view = _ml.Data.LoadFromEnumerable(rows, SchemaWithShape());
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label", "Name").Fit(view).Transform(view);
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model, Attack = new FgsmOptions() }).Fit(keyed));
        Assert.Contains("Schema mismatch for label column 'Label': expected key values that are class indices", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got 'Ankle boot', ", ex.Message, StringComparison.Ordinal);
    }

    private static SchemaDefinition SchemaWithShape()
    {
        var schema = SchemaDefinition.Create(typeof(NamedRow));
        schema[nameof(NamedRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28);
        return schema;
    }

    private sealed class NamedRow
    {
        public float[] Image { get; set; } = [];

        public string Name { get; set; } = "";
    }
}
