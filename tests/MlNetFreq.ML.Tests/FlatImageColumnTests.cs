using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

/// <summary>
/// A flat <c>[VectorType(C*H*W)]</c> image column gets its shape from the model transforms' options, as from the
/// others'; without it the error at <c>Fit</c> names the option that exists.
/// </summary>
public sealed class FlatImageColumnTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    private sealed class FlatRow
    {
        [VectorType(784)]
        public float[] Image { get; set; } = [];

        public int Label { get; set; }
    }

    [Fact]
    public void AFlatColumnIsAttackedAndExplainedWithTheDeclaredShape()
    {
        var data = TestData.Fashion(4);
        var view = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new FlatRow { Image = data.Images.Image(i).ToArray(), Label = data.Labels![i] }));
        var attack = new PgdOptions { Eps = 0.1, Alpha = 0.05, Steps = 2, RandomStart = false };

        var missing = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model, Attack = attack }).Fit(view));
        Assert.Contains("declare the image's shape in the transform's options: ImageShape = new ImageShape(C, H, W)", missing.Message, StringComparison.Ordinal);

        using var model = _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model, Attack = attack, ImageShape = new ImageShape(1, 28, 28) }).Fit(view);
        float[] adversarial = model.Transform(view).GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray();
        using var session = ModelSession.Load(Model);
        Assert.Equal(attack.Create(session).Run(data.Images.Data, data.Labels).Adversarial, adversarial);

        // The declared shape is saved with the transformer.
        string path = Path.Combine(Path.GetTempPath(), $"flat-{Guid.NewGuid():N}.zip");
        model.SaveTo(path);
        using (var loaded = AdversarialTransformer.Load(path))
        {
            File.Delete(path);
            Assert.Equal(adversarial, loaded.Transform(view).GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray());
        }

        using var of = _ml.Transforms.OccludeFrequencies(new OccludedFrequencyTransformOptions { ModelPath = Model, ImageShape = new ImageShape(1, 28, 28) }).Fit(view);
        Assert.Equal(4, of.Transform(view).GetColumn<VBuffer<float>>("Attribution").Count());
    }
}
