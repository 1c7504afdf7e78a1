// Sample: DCT band energies as features for a stock ML.NET trainer, on the shipped Fashion-MNIST sample.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;
using MlNetFreq.Spectral.Bands;

string root = args.Length > 0 ? args[0] : FindRepoRoot();
var ml = new MLContext(seed: 1);
var data = new TensorDataView(DataSources.Load(
    Path.Combine(root, "samples", "data", "fmnist-test-1000-images.npy"),
    Path.Combine(root, "samples", "data", "fmnist-test-1000-labels.npy")));
var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);

var pipeline = ml.Transforms.FrequencyBandFeatures("Features", "Image", statistic: BandStatistic.Energy)  // Single[55]
    .Append(ml.Transforms.Conversion.MapValueToKey("Key", "Label"))
    .Append(ml.Transforms.NormalizeLogMeanVariance("Features"))
    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Key", "Features", maximumNumberOfIterations: 50));
var model = pipeline.Fit(split.TrainSet);
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), "Key");
long held = split.TestSet.GetColumn<int>("Label").LongCount();
Console.WriteLine($"55 DCT band energies -> SDCA maximum entropy: micro accuracy {metrics.MicroAccuracy:P1}, macro accuracy {metrics.MacroAccuracy:P1} on {held} held-out images (chance 10 %)");
return metrics.MicroAccuracy > 0.4 ? 0 : 1;

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
