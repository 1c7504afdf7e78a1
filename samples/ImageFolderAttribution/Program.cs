// Sample: Occluded Frequency attribution over a data view built from a folder of images with stock ML.NET
// LoadImages → ResizeImages → ExtractPixels. The folder is written from the shipped sample (one sub-folder per class).
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.Transforms;

string root = args.Length > 0 ? args[0] : FindRepoRoot();
string folder = Directory.CreateTempSubdirectory("mlnetfreq-sample-images-").FullName;
var sample = DataSources.Load(Path.Combine(root, "samples", "data", "fmnist-test-1000-images.npy"),
    Path.Combine(root, "samples", "data", "fmnist-test-1000-labels.npy"), limit: 60);
var files = new List<ImageFile>();
for (int i = 0; i < sample.Images.Shape.N; i++)
{
    string dir = Path.Combine(folder, $"class-{sample.Labels![i]}");
    Directory.CreateDirectory(dir);
    string path = Path.Combine(dir, $"{i:D4}.bmp");
    BmpFile.Write(path, sample.Images.Image(i), 1, 28, 28);
    files.Add(new ImageFile { Path = path, Label = sample.Labels[i] });
}

var ml = new MLContext(seed: 1);
var view = ml.Data.LoadFromEnumerable(files);
var pipeline = ml.Transforms.LoadImages("Raw", imageFolder: null, inputColumnName: nameof(ImageFile.Path))
    .Append(ml.Transforms.ResizeImages("Resized", 28, 28, "Raw"))
    .Append(ml.Transforms.ExtractPixels("Image", "Resized", colorsToExtract: Microsoft.ML.Transforms.Image.ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1 / 255f));
var images = pipeline.Fit(view).Transform(view);

var profile = OccludedFrequencyEvaluator.Evaluate(images,
    new OccludedFrequencyTransformOptions { ModelPath = Path.Combine(root, "models", "fmnist-resnet8.onnx") }, labelColumnName: nameof(ImageFile.Label));
int top = Array.IndexOf(profile.Overall, profile.Overall.Max());
Console.WriteLine($"{files.Count} images from {folder}: the most relied-on band is k = {top}; high-frequency reliance {profile.HighFrequencyReliance:F3}");
Directory.Delete(folder, recursive: true);
return profile.CountByClass.Sum() == files.Count ? 0 : 1;

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

internal sealed class ImageFile
{
    public string Path { get; set; } = "";

    public int Label { get; set; }
}
