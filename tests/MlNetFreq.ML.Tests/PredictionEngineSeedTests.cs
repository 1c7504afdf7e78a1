using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;

namespace MlNetFreq.ML.Tests;

/// <summary>A row's random stream derives from the seed and the row's identity, never from call order, batch or engine.</summary>
public sealed class PredictionEngineSeedTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    private sealed class LabeledImageRow
    {
        public float[] Image { get; set; } = [];

        public int Label { get; set; }
    }

    private sealed class IdentifiedRow
    {
        public float[] Image { get; set; } = [];

        public int Label { get; set; }

        public long Id { get; set; }
    }

    private sealed class AdversarialOnly
    {
        public float[] Adversarial { get; set; } = [];
    }

    [Fact]
    public void PredictionEngineSeedsARowByItsContentNotByTheCallOrder()
    {
        // PGD with a random start: the start must depend on the seed and the row, never on how many calls came before.
        var data = TestData.Fashion(3);
        var view = new TensorDataView(data);
        var model = _ml.Transforms.AdversarialAttack(Model, new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 2, Seed = 3 }).Fit(view);
        var schema = SchemaDefinition.Create(typeof(LabeledImageRow));
        schema[nameof(LabeledImageRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28);
        var row = new LabeledImageRow { Image = data.Images.Image(0).ToArray(), Label = data.Labels![0] };
        var other = new LabeledImageRow { Image = data.Images.Image(1).ToArray(), Label = data.Labels![1] };
        var first = _ml.Model.CreatePredictionEngine<LabeledImageRow, AdversarialOnly>(model, inputSchemaDefinition: schema);
        var second = _ml.Model.CreatePredictionEngine<LabeledImageRow, AdversarialOnly>(model, inputSchemaDefinition: schema);
        float[] once = first.Predict(row).Adversarial;
        first.Predict(other);
        Assert.Equal(once, first.Predict(row).Adversarial);
        Assert.Equal(once, second.Predict(row).Adversarial);
        Assert.NotEqual(once, first.Predict(other).Adversarial);
        Assert.NotEqual(data.Images.Image(0).ToArray(), once);
        model.Dispose();
    }

    [Fact]
    public void AnIdColumnKeepsEachRowsResultWhateverItsOrderOrEngine()
    {
        var data = TestData.Fashion(6);
        var rows = Enumerable.Range(0, 6).Select(i => new IdentifiedRow { Image = data.Images.Image(i).ToArray(), Label = data.Labels![i], Id = 1000 + i }).ToArray();
        var schema = SchemaDefinition.Create(typeof(IdentifiedRow));
        schema[nameof(IdentifiedRow.Image)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28);
        var ordered = _ml.Data.LoadFromEnumerable(rows, schema);
        var reversed = _ml.Data.LoadFromEnumerable(rows.Reverse().ToArray(), schema);
        var options = new AdversarialTransformOptions
        {
            ModelPath = Model, Attack = new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 2, Seed = 3 }, IdColumnName = "Id", BatchSize = 4,
        };
        var model = _ml.Transforms.AdversarialAttack(options).Fit(ordered);
        float[][] Adversarial(IDataView view) => model.Transform(view).GetColumn<VBuffer<float>>("Adversarial").Select(v => v.DenseValues().ToArray()).ToArray();
        var forward = Adversarial(ordered);
        var backward = Adversarial(reversed).Reverse().ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(forward[i], backward[i]);
        }

        var engine = _ml.Model.CreatePredictionEngine<IdentifiedRow, AdversarialOnly>(model, inputSchemaDefinition: schema);
        Assert.Equal(forward[4], engine.Predict(rows[4]).Adversarial);
        // Without the id column the reversed view seeds by position: some row's random start changes.
        var byPosition = _ml.Transforms.AdversarialAttack(options with { IdColumnName = null }).Fit(ordered);
        var plain = byPosition.Transform(ordered).GetColumn<VBuffer<float>>("Adversarial").Select(v => v.DenseValues().ToArray()).ToArray();
        var plainReversed = byPosition.Transform(reversed).GetColumn<VBuffer<float>>("Adversarial").Select(v => v.DenseValues().ToArray()).Reverse().ToArray();
        Assert.Contains(Enumerable.Range(0, 6), i => !plain[i].SequenceEqual(plainReversed[i]));
        // A text id column is refused at Fit, naming it.
        Assert.Contains("id column 'Image'", Assert.ThrowsAny<ArgumentException>(() => { _ml.Transforms.AdversarialAttack(options with { IdColumnName = "Image" }).Fit(ordered); }).Message, StringComparison.Ordinal);
        model.Dispose();
        byPosition.Dispose();
    }
}
