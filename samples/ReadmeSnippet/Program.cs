using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Datasets;
using MlNetFreq.Onnx.Sessions;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromImages(DataSources.Load("samples/data/fmnist-test-1000-images.npy",
                                                   "samples/data/fmnist-test-1000-labels.npy"));
var pipeline = ml.Transforms.FrequencyBandFeatures("Features", "Image")          // Single[55]
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.Transforms.Conversion.MapValueToKey("Key", "Label"))
    .AppendCacheCheckpoint(ml)                                                  // the trainer makes many passes
    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Key", "Features"));
var model = pipeline.Fit(data);
string path = Path.Combine(Path.GetTempPath(), "model.zip");
MlNetFreqModel.Save(model, path, ml, data.Schema);               // ours + stock parts, versioned
var again = MlNetFreqModel.Load(path, ml, out var inputSchema);

// Which frequencies does a classifier rely on? Mean Occluded Frequency per band per class:
var profile = OccludedFrequencyEvaluator.Evaluate(data,
    new OccludedFrequencyTransformOptions { ModelPath = "models/fmnist-resnet8.onnx" }, labelColumnName: "Label");
Console.WriteLine($"high-frequency reliance {profile.HighFrequencyReliance:F3}");

// Adversarial images of any registered attack as a column (here PGD at the model's training budget):
var attacked = ml.Transforms.AdversarialAttack(new AdversarialTransformOptions
{
    ModelPath = "models/fmnist-resnet8-linf-0.1.onnx", Attack = new PgdOptions { Eps = 0.1, Steps = 10 },
}).Fit(data).Transform(data);

// A robust data set (Ilyas et al.) from an adversarially trained model, as a data view (columns Image, Label):
using var robust = ModelSession.Load("models/fmnist-resnet8-linf-0.1.onnx");
var robustSet = ml.Data.GenerateByRepresentationMatching(
    DataSources.Load("samples/data/fmnist-test-1000-images.npy", "samples/data/fmnist-test-1000-labels.npy", limit: 20),
    new RepresentationMatching(robust) { Steps = 200, StepSize = 0.1, Normalize = true });
Console.WriteLine($"robust set: {robustSet.GetRowCount()} images");

// Frequency robustness: a corrupted and a low-pass column, and the Fourier heat map of a data view (Yin et al.):
var foggy = ml.Transforms.Corrupt("fog", severity: 3)
    .Append(ml.Transforms.FilterFrequencies("LowPass", "Corrupted", radius: 8))
    .Fit(data).Transform(data);
Console.WriteLine($"fog, then low-pass: {foggy.GetColumn<VBuffer<float>>("LowPass").First().Length} values per image");
using var natural = ModelSession.Load("models/fmnist-resnet8.onnx");
var heatmap = FrequencyRobustnessEvaluator.HeatMap(ml.Data.TakeRows(data, 20), natural);
Console.WriteLine($"heat map {heatmap.MapHeight}×{heatmap.MapWidth}: mean error {heatmap.MeanError:P1}");
