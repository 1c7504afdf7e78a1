using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

public sealed class AdversarialTransformerTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void ColumnsEqualTheCoreAttackWhateverTheBatchSizeAndSurviveSaveLoad()
    {
        var data = TestData.Fashion(12);
        var view = new TensorDataView(data);
        var settings = new PgdOptions { Eps = 0.1, Alpha = 0.025, Steps = 4, Seed = 2 };
        var options = new AdversarialTransformOptions { ModelPath = Model, Attack = settings, BatchSize = 5 };
        var model = _ml.Transforms.AdversarialAttack(options).Fit(view);
        var output = model.Transform(view);
        float[] adversarial = output.GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray();
        bool[] success = output.GetColumn<bool>("AttackSuccess").ToArray();
        int[] classes = output.GetColumn<int>("AttackClass").ToArray();

        using var session = ModelSession.Load(Model);
        var expected = settings.Create(session).Run(data.Images.Data, data.Labels);
        TestArrays.AssertClose(expected.Adversarial, adversarial, atol: 1e-6);
        Assert.Equal(expected.Success, success);
        Assert.Equal(expected.AdversarialClass, classes);
        TestArrays.AssertClose(expected.L2, output.GetColumn<float>("AttackL2").ToArray(), atol: 1e-5);

        string path = Path.Combine(Path.GetTempPath(), $"adv-{Guid.NewGuid():N}.zip");
        model.SaveTo(path);
        using var loaded = AdversarialTransformer.Load(path);
        File.Delete(path);
        Assert.Equal(adversarial, loaded.Transform(view).GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray());
        model.Dispose();
    }

    [Fact]
    public void TheAutoAttackEnsembleRunsAsATransformAndEqualsTheLibrary()
    {
        var data = TestData.Fashion(8);
        var view = new TensorDataView(data);
        var settings = new AutoAttackOptions { Eps = 0.03, Attacks = AttackList.Parse("apgd-ce,square"), Seed = 4 };
        var model = _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model, Attack = settings, BatchSize = 3 }).Fit(view);
        var output = model.Transform(view);
        float[] adversarial = output.GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray();

        using var session = ModelSession.Load(Model);
        var expected = new Methods.Robustness.AutoAttack(session, settings).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(expected.Adversarial, adversarial);
        Assert.Equal(expected.Samples.Select(s => !s.Robust), output.GetColumn<bool>("AttackSuccess").ToArray());
        model.Dispose();
    }

    [Fact]
    public void StockOnnxScoringOfTheAdversarialColumnGivesRobustAccuracy()
    {
        var data = TestData.Fashion(40);
        var view = new TensorDataView(data);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Key", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(_ml.Transforms.AdversarialAttack(new AdversarialTransformOptions
            {
                ModelPath = Model, LabelColumnName = "Key", Attack = new FgsmOptions { Eps = 0.1 },
            }))
            .Append(_ml.Transforms.CopyColumns("input", "Adversarial"))
            .Append(_ml.Transforms.ApplyOnnxModel(["logits"], ["input"], Model))
            .Append(_ml.Transforms.CopyColumns("Score", "logits"))
            .Append(_ml.Transforms.CustomMapping<ScoreRow, PredictionRow>((score, prediction) => prediction.PredictedLabel = (uint)Onnx.Losses.Logits.ArgMax(score.Score) + 1, contractName: null));
        var scored = pipeline.Fit(view).Transform(view);
        var metrics = _ml.MulticlassClassification.Evaluate(scored, labelColumnName: "Key", scoreColumnName: "Score");
        bool[] success = scored.GetColumn<bool>("AttackSuccess").ToArray();
        // Robust accuracy from the stock evaluator equals the share of samples the attack did not flip — for the
        // samples the model got right; the evaluator also counts clean mistakes as errors.
        using var session = ModelSession.Load(Model);
        var clean = session.Forward(data.Images.Data, 40);
        int stillRight = Enumerable.Range(0, 40).Count(i => !success[i] && Onnx.Losses.Logits.ArgMax(clean.AsSpan(i * 10, 10)) == data.Labels![i]);
        Assert.Equal(stillRight / 40.0, metrics.MicroAccuracy, 6);
        Assert.True(metrics.MicroAccuracy < 0.5, $"robust accuracy {metrics.MicroAccuracy} under FGSM 0.1 on a natural model");
    }

    private sealed class ScoreRow
    {
        [VectorType(10)]
        public float[] Score { get; set; } = [];
    }

    private sealed class PredictionRow
    {
        [KeyType(10)]
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void MissingLabelColumnFailsAtFit()
    {
        var view = new TensorDataView(TestData.Fashion(2).Images);
        var ex = Assert.ThrowsAny<ArgumentException>(() => _ml.Transforms.AdversarialAttack(new AdversarialTransformOptions { ModelPath = Model }).Fit(view));
        Assert.Contains("Could not find input column 'Label'", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class RctEvaluatorTests
{
    [Fact]
    public void DataViewRctEqualsTheArrayRct()
    {
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 300);
        var ml = new MLContext(seed: 1);
        var view = new TensorDataView(data);
        var options = new AdversarialTransformOptions
        {
            ModelPath = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"), Attack = new FgsmOptions { Eps = 0.05 },
        };
        using var transformer = ml.Transforms.AdversarialAttack(options).Fit(view);
        var attacked = transformer.Transform(view);
        var fromView = RctEvaluator.Evaluate(attacked, "Image", "Adversarial", perChannel: true);
        float[] adversarial = attacked.GetColumn<VBuffer<float>>("Adversarial").SelectMany(v => v.DenseValues()).ToArray();
        var fromArrays = Methods.Rct.RelativeChangeInDct.Compute(data.Images.Data, adversarial, data.Images.Shape, perChannel: true);
        TestArrays.AssertClose(fromArrays.Map, fromView.Map, atol: 1e-6);
        TestArrays.AssertClose(fromArrays.BandProfile, fromView.BandProfile, atol: 1e-6);
        Assert.Equal(fromArrays.HighShare, fromView.HighShare, 9);
    }
}
