using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Experiments;

/// <summary>
/// Experiment IV (the paper's Figure 1): mean Occluded Frequency per band per class of a natural model and of robust
/// models on the same images, and the high-frequency reliance index of each.
/// </summary>
public sealed class AttributionShiftExperiment : IExperiment
{
    /// <summary>How many shipped models it uses by default: the natural ResNet-8 and the three robust ones.</summary>
    public const int ShippedModelCount = 4;

    /// <inheritdoc />
    public string Name => "attribution-shift";

    /// <inheritdoc />
    public string Title => "Experiment IV — attribution shift from natural to robust models (Figure 1)";

    /// <inheritdoc />
    public string Description => "Experiment IV (Figure 1): mean Occluded Frequency per band per class of the natural model (first) and the robust ones; high-frequency reliance of each.";

    /// <inheritdoc />
    public int DefaultModels => ShippedModelCount;

    /// <inheritdoc />
    public int DefaultLimit => 1000;

    /// <inheritdoc />
    public ExperimentReport Run(ExperimentInputs inputs, IExperimentProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        progress ??= NoProgress.Instance;
        inputs.RequireModels(Name, 2);
        var report = new ExperimentReport(Title, inputs.Describe());
        var data = inputs.Data;
        var rows = new List<(string Model, double Accuracy, AttributionProfile Profile)>();
        foreach (var spec in inputs.Models)
        {
            using var model = spec.Open(inputs.Threads);
            int k = model.Classes;
            var of = new OccludedFrequency(model, new OccludedFrequencyOptions { Target = AttributionTarget.Label, Seed = inputs.Seed });
            var result = progress.Stage($"Occluded Frequency of {spec.Name} on {inputs.Count} images", inputs.Count, p =>
                of.Explain(data.Images.Data, inputs.Count, inputs.Labels, p));
            double accuracy = Logits.Accuracy(result.CleanLogits, inputs.Labels, k);
            rows.Add((spec.Name, accuracy, AttributionProfile.From(result, inputs.Labels, k)));
        }

        var names = ClassNames.For(data, rows[0].Profile.Classes);
        report.Csv("attribution-by-class.csv", ["model", "class", "band", "mean_occluded_frequency"],
            rows.SelectMany(r => Enumerable.Range(0, r.Profile.Classes).SelectMany(c => Enumerable.Range(0, r.Profile.Bands)
                .Select(b => new object[] { r.Model, c, b, r.Profile.MeanByClass[c * r.Profile.Bands + b] }))));
        report.Csv("reliance.csv", new[] { "model", "clean_accuracy", "high_frequency_reliance" }.Concat(names.Select(n => "reliance " + n)),
            rows.Select(r => new object[] { r.Model, r.Accuracy, r.Profile.HighFrequencyReliance }
                .Concat(Enumerable.Range(0, r.Profile.Classes).Select(c => (object)ClassReliance(r.Profile, c)))));
        report.Json("attribution-shift.json", rows.Select(r => new
        {
            model = r.Model, clean_accuracy = r.Accuracy, high_frequency_reliance = r.Profile.HighFrequencyReliance,
            overall_profile = r.Profile.Overall, mean_by_class = r.Profile.MeanByClass, images_by_class = r.Profile.CountByClass, bands = r.Profile.Bands,
        }));

        report.Text($"OF per band (zero baseline, single band) of the labelled class, averaged per class over {inputs.Count} images. High-frequency "
            + "reliance: the share of positive mean OF in the upper half of the bands (0 = only low bands matter, 1 = only high ones).");
        report.Table(["model", "clean accuracy", "high-frequency reliance", "least / most reliant class"],
            rows.Select(r =>
            {
                var per = Enumerable.Range(0, r.Profile.Classes).Where(c => r.Profile.CountByClass[c] > 0).Select(c => (c, v: ClassReliance(r.Profile, c))).ToArray();
                var (lo, hi) = (per.MinBy(p => p.v), per.MaxBy(p => p.v));
                return new object[] { r.Model, ExperimentReport.F(r.Accuracy), ExperimentReport.F(r.Profile.HighFrequencyReliance),
                    $"{names[lo.c]} {ExperimentReport.F(lo.v)} / {names[hi.c]} {ExperimentReport.F(hi.v)}" };
            }));
        var profiles = rows.Select(r => (r.Model, r.Profile)).ToArray();
        report.Figure("attribution-by-class.png", "mean OF per band, one panel per class, one line per model", new AttributionByClassFigure(profiles, names));
        report.Figure("attribution-overall.png", "mean OF per band over all images", new AttributionOverallFigure(profiles));

        var natural = rows[0];
        var lower = rows.Skip(1).Where(r => r.Profile.HighFrequencyReliance < natural.Profile.HighFrequencyReliance).ToArray();
        report.Claim($"robust models shift their attribution to low frequencies: each robust model's high-frequency reliance is below the natural model's (`{natural.Model}`).",
            lower.Length == rows.Count - 1,
            $"High-frequency reliance: {string.Join(", ", rows.Select(r => $"`{r.Model}` {ExperimentReport.F(r.Profile.HighFrequencyReliance)}"))}; "
            + $"{lower.Length} of {rows.Count - 1} robust models below the natural one.");
        return report;
    }

    private static double ClassReliance(AttributionProfile profile, int c) =>
        AttributionProfile.HighFrequencyShare(profile.MeanByClass.AsSpan(c * profile.Bands, profile.Bands));
}
