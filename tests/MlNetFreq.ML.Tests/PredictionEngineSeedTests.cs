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
}
