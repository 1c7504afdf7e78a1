using MlNetFreq.Cli.Commands;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;

namespace MlNetFreq.Cli.Experiments;

/// <summary>
/// What every experiment runs on: labelled images, the models (the first is the natural one, the others robust),
/// the data set's default L∞ attack budget, threads and the seed.
/// </summary>
internal sealed record ExperimentInputs(LabeledImages Data, string DataName, IReadOnlyList<ExperimentModel> Models, double LinfEps, int Threads, int Seed)
{
    /// <summary>Shipped defaults: the Fashion-MNIST sample and the ResNet-8 family (natural first).</summary>
    public static readonly string[] ShippedModels = ["fmnist-resnet8", "fmnist-resnet8-linf-0.1", "fmnist-resnet8-linf-0.2", "fmnist-resnet8-l2-1.5"];

    public static ExperimentInputs Load(string? data, string? labels, string[]? models, int defaultModels, int limit, int threads, int seed)
    {
        string dataPath = data ?? ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-images.npy"));
        string? labelsPath = labels ?? (data is null ? ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-labels.npy")) : null);
        if (limit < 1)
        {
            throw new ArgumentException($"--limit: expected at least 1 image, found {limit}.");
        }

        var set = DataSources.Load(dataPath, labelsPath, limit);
        if (set.Labels is null)
        {
            throw new ArgumentException($"{dataPath}: the experiments need labels; expected --labels (or a source with labels: CIFAR-10 binary, IDX pair, image folder), found none.");
        }

        var specs = models is { Length: > 0 }
            ? models.Select(ExperimentModel.Parse).ToArray()
            : ShippedModels.Take(defaultModels).Select(n => new ExperimentModel(n, ShippedFiles.Find(Path.Combine("models", n + ".onnx")), null)).ToArray();
        if (specs.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != specs.Length)
        {
            throw new ArgumentException($"--models: expected distinct names, found {string.Join(", ", specs.Select(m => m.Name))}; name them NAME=PATH.");
        }

        // The L∞ budgets of the paper's settings: Fashion-MNIST (one channel) 0.1; colour images 8/255.
        bool grey = set.Images.Shape.C == 1;
        return new ExperimentInputs(set, Path.GetFileName(dataPath), specs, grey ? 0.1 : 8.0 / 255, threads, seed);
    }

    public int Count => Data.Images.Shape.N;

    public string Describe() =>
        $"Data: `{DataName}`, {Count} images of {Data.Images.Shape.C}×{Data.Images.Shape.H}×{Data.Images.Shape.W}. "
        + $"Models: {string.Join(", ", Models.Select(m => $"`{m.Name}` ({Path.GetFileName(m.Path)})"))}. Seed {Seed}.";
}
