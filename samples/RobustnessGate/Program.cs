// Sample: a validation stage. Our PGD transformer adds an adversarial column, stock ApplyOnnxModel scores it, and
// stock MulticlassClassification.Evaluate reports the robust accuracy of each shipped model.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetFreq;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Onnx.Losses;

string root = args.Length > 0 ? args[0] : FindRepoRoot();
var ml = new MLContext(seed: 1);
var data = new TensorDataView(DataSources.Load(Path.Combine(root, "samples", "data", "fmnist-test-1000-images.npy"),
    Path.Combine(root, "samples", "data", "fmnist-test-1000-labels.npy"), limit: 200));
foreach (string name in new[] { "fmnist-resnet8", "fmnist-resnet8-linf-0.1" })
{
    string model = Path.Combine(root, "models", name + ".onnx");
    var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
        .Append(ml.Transforms.AdversarialAttack(new AdversarialTransformOptions
        {
            ModelPath = model, LabelColumnName = "Key",
            Attack = new PgdOptions { Eps = 0.1, Alpha = 0.025, Steps = 10, RandomStart = false },
        }))
        .Append(ml.Transforms.CopyColumns("input", "Adversarial"))
        .Append(ml.Transforms.ApplyOnnxModel(["logits"], ["input"], model))
        .Append(ml.Transforms.CopyColumns("Score", "logits"))
        .Append(ml.Transforms.CustomMapping<ScoreRow, PredictionRow>((s, p) => p.PredictedLabel = (uint)Logits.ArgMax(s.Score) + 1, contractName: null));
    var metrics = ml.MulticlassClassification.Evaluate(pipeline.Fit(data).Transform(data), labelColumnName: "Key", scoreColumnName: "Score");
    Console.WriteLine($"{name}: robust accuracy under PGD L∞ ε=0.1 (10 steps) on 200 images = {metrics.MicroAccuracy:P1}");
}

return 0;

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MlNetFreq.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run from inside the repository or pass its path.");
}

internal sealed class ScoreRow
{
    [VectorType(10)]
    public float[] Score { get; set; } = [];
}

internal sealed class PredictionRow
{
    [KeyType(10)]
    public uint PredictedLabel { get; set; }
}
