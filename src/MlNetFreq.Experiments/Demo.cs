using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Experiments;

/// <summary>Share of a class's DCT energy in the low, middle and high thirds of the diagonal bands.</summary>
public sealed record ClassEnergyShare(string ClassName, int Images, double Low, double Middle, double High);

/// <summary>A model on the demo's data: clean accuracy, PGD robust accuracy and high-frequency reliance of its attribution.</summary>
public sealed record DemoModelResult(string Model, double CleanAccuracy, double RobustAccuracy, double HighFrequencyReliance, int Attacked, int Explained);

/// <summary>
/// The main job on a labelled set (<c>mlnetfreq demo</c> runs it on the shipped sample and models): where each class's
/// spectral energy lies, and for each model its clean accuracy, its accuracy under PGD and where its Occluded Frequency
/// attribution lies. The number of classes is read from the labels and the model, never assumed.
/// </summary>
public static class Demo
{
    /// <summary>PGD of the demo: L∞ ε = 0.1, α = 0.025, 10 steps, no random start (the Fashion-MNIST training budget).</summary>
    public static PgdOptions Attack { get; } = new() { Eps = 0.1, Alpha = 0.025, Steps = 10, RandomStart = false };

    /// <summary>Per class (0 … max label): the share of Σ DCT energy in each third of the diagonal bands.</summary>
    public static IReadOnlyList<ClassEnergyShare> EnergyShares(LabeledImages set)
    {
        ArgumentNullException.ThrowIfNull(set);
        int[] labels = set.Labels ?? throw new ArgumentException("EnergyShares: the set has no labels.", nameof(set));
        var s = set.Images.Shape;
        var bands = FrequencyBands.Create(s.H, s.W);
        var spectra = new float[set.Images.Data.Length];
        DctBackends.Shared(DctBackendKind.Managed).Transform(set.Images.Data, spectra, s, DctDirection.Forward);
        var energy = new float[s.N * bands.Count];
        BandPooling.Pool(spectra, s, bands, BandStatistic.Energy, energy);
        int classes = labels.Max() + 1;
        var sums = new double[classes, 3];
        var counts = new int[classes];
        for (int i = 0; i < s.N; i++)
        {
            counts[labels[i]]++;
            for (int k = 0; k < bands.Count; k++)
            {
                sums[labels[i], FrequencyBands.ThirdOf(k, bands.Count)] += energy[i * bands.Count + k];
            }
        }

        var names = ClassNames.For(set, classes);
        return Enumerable.Range(0, classes).Select(c =>
        {
            double total = sums[c, 0] + sums[c, 1] + sums[c, 2];
            return total > 0
                ? new ClassEnergyShare(names[c], counts[c], sums[c, 0] / total, sums[c, 1] / total, sums[c, 2] / total)
                : new ClassEnergyShare(names[c], counts[c], 0, 0, 0);
        }).ToArray();
    }

    /// <summary>
    /// Clean accuracy on every image, robust accuracy under <see cref="Attack"/> on the first <paramref name="attacked"/>,
    /// and the high-frequency reliance of the mean OF profile of the first <paramref name="explained"/>.
    /// </summary>
    public static DemoModelResult EvaluateModel(string name, ModelSession model, LabeledImages set, int attacked = 200, int explained = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        int[] labels = set.Labels ?? throw new ArgumentException("EvaluateModel: the set has no labels.", nameof(set));
        int n = set.Images.Shape.N, len = set.Images.Shape.ImageLength;
        attacked = Math.Min(attacked, n);
        explained = Math.Min(explained, n);
        double clean = Logits.Accuracy(model.Forward(set.Images.Data, n), labels, model.Classes);
        var pgd = Attack.Create(model).Run(set.Images.Data.AsSpan(0, attacked * len), labels.AsSpan(0, attacked));
        var of = new OccludedFrequency(model).Explain(set.Images.Data.AsSpan(0, explained * len), explained);
        var profile = AttributionProfile.From(of, labels.AsSpan(0, explained), model.Classes);
        return new DemoModelResult(name, clean, 1 - pgd.SuccessRate, profile.HighFrequencyReliance, attacked, explained);
    }
}
