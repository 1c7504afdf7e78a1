using MlNetFreq.Data.Tensors;

namespace MlNetFreq.Experiments;

/// <summary>
/// What every experiment runs on: labelled images, the models (the first is the natural one, the others robust),
/// the data set's default L∞ attack budget, threads and the seed.
/// </summary>
public sealed record ExperimentInputs(LabeledImages Data, string DataName, IReadOnlyList<ExperimentModel> Models, double LinfEps, int Threads, int Seed)
{
    /// <summary>
    /// Inputs on <paramref name="data"/> (which must carry labels) with the paper's L∞ budget for its kind of images:
    /// 0.1 for one-channel images (Fashion-MNIST), 8/255 for colour ones (CIFAR-10).
    /// </summary>
    public static ExperimentInputs Create(LabeledImages data, string dataName, IReadOnlyList<ExperimentModel> models, int threads = 0, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(models);
        if (data.Labels is null)
        {
            throw new ArgumentException($"{dataName}: the experiments need labels; expected --labels (or a source with labels: CIFAR-10 binary, IDX pair, image folder), found none.");
        }

        if (models.Count == 0 || models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Count)
        {
            throw new Methods.Descriptors.MethodOptionException("models", $"expected distinct names, found {string.Join(", ", models.Select(m => m.Name))}; name them NAME=PATH.");
        }

        return new ExperimentInputs(data, dataName, models, data.Images.Shape.C == 1 ? 0.1 : 8.0 / 255, threads, seed);
    }

    /// <summary>Images used.</summary>
    public int Count => Data.Images.Shape.N;

    /// <summary>The labels (always present: <see cref="Create"/> checks them).</summary>
    public int[] Labels => Data.Labels!;

    /// <summary>One paragraph naming the data and models.</summary>
    public string Describe() =>
        $"Data: `{DataName}`, {Count} images of {Data.Images.Shape.C}×{Data.Images.Shape.H}×{Data.Images.Shape.W}. "
        + $"Models: {string.Join(", ", Models.Select(m => $"`{m.Name}` ({System.IO.Path.GetFileName(m.Path)})"))}. Seed {Seed}.";

    /// <summary>Throws unless at least <paramref name="count"/> models were given.</summary>
    public void RequireModels(string experiment, int count)
    {
        if (Models.Count < count)
        {
            throw new ArgumentException($"experiment {experiment}: expected at least {count} models (natural first, then robust), found {Models.Count}.");
        }
    }
}
