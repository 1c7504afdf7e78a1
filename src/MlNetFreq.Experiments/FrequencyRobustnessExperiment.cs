using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Experiments;

/// <summary>
/// Experiment V: the frequency diagnostics of Yin et al. (NeurIPS 2019) and Wang et al. (CVPR 2020) on a natural model
/// (first) and adversarially trained ones — the Fourier heat map, filtered-accuracy curves and accuracy under common
/// corruptions grouped by their measured frequency content — testing three findings of those papers.
/// </summary>
public sealed class FrequencyRobustnessExperiment : IExperiment
{
    /// <inheritdoc />
    public string Name => "frequency-robustness";

    /// <inheritdoc />
    public string Title => "Experiment V — frequency robustness of natural and adversarially trained models (Yin et al. 2019; Wang et al. 2020)";

    /// <inheritdoc />
    public string Description => "Experiment V: Fourier heat map, low/high-pass accuracy and common-corruption accuracy of the natural model (first) and the robust ones; tests Yin et al.'s and Wang et al.'s findings.";

    /// <inheritdoc />
    public int DefaultModels => AttributionShiftExperiment.ShippedModelCount;

    /// <inheritdoc />
    public int DefaultLimit => 500;

    /// <summary>L2 norm v of the heat map's perturbations (Yin et al. use 4 on CIFAR-10).</summary>
    [MethodOption("perturbation-norm", "L2 norm v of the heat map's Fourier perturbations (Yin et al.: 4 on CIFAR-10).")]
    public double PerturbationNorm { get; init; } = new FourierHeatMapOptions().PerturbationNorm;

    /// <inheritdoc />
    public ExperimentReport Run(ExperimentInputs inputs, IExperimentProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        progress ??= NoProgress.Instance;
        inputs.RequireModels(Name, 2);
        var report = new ExperimentReport(Title, inputs.Describe());
        float[] x = inputs.Data.Images.Data;
        int[] y = inputs.Labels;
        var basis = new Spectral.Fourier.FourierBasis(inputs.Data.Images.Shape.H, inputs.Data.Images.Shape.W);

        // Heat map: mean error over the lowest and highest radial third of the map (distance from the zero frequency);
        // the cells of each third are the same for every model.
        double[] radius = Enumerable.Range(0, basis.MapHeight * basis.MapWidth).Select(c => Radius(basis, c)).ToArray();
        int[] lowCells = Enumerable.Range(0, radius.Length).Where(c => radius[c] <= radius.Max() / 3).ToArray();
        int[] highCells = Enumerable.Range(0, radius.Length).Where(c => radius[c] > 2 * radius.Max() / 3).ToArray();
        var rows = new List<(string Model, HeatMapResult Map, (double Low, double High) Regions, FilteredAccuracyResult Curves, CorruptionTable Table)>();
        foreach (var spec in inputs.Models)
        {
            using var model = spec.Open(inputs.Threads);
            var heatmap = new FourierHeatMap(model, new FourierHeatMapOptions { PerturbationNorm = PerturbationNorm, Seed = inputs.Seed });
            var map = progress.Stage($"Fourier heat map of {spec.Name} ({heatmap.DistinctCount} frequencies × {inputs.Count} images)", inputs.Count, p =>
                heatmap.Evaluate(x, y, progress: p));
            double[] error = map.Error;
            var curves = progress.Stage($"filtered accuracy of {spec.Name}", inputs.Count, p => new FilteredAccuracy(model).Evaluate(x, y, p));
            var table = progress.Stage($"corruption accuracy of {spec.Name}", inputs.Count, p =>
                new CorruptionAccuracy(model, new CorruptionAccuracyOptions { Seed = inputs.Seed }).Evaluate(x, y, progress: p));
            rows.Add((spec.Name, map, (lowCells.Average(c => error[c]), highCells.Average(c => error[c])), curves, table));
        }

        var natural = rows[0];
        var robust = rows.Skip(1).ToArray();

        report.Text($"Fourier heat map (v = {PerturbationNorm}, {basis.MapHeight} × {basis.MapWidth}, {basis.DistinctCount} distinct frequencies), its mean error in the "
            + "lowest and highest third of the radial frequency; filtered accuracy at r = 4, 8, 12, 16 (Fourier basis, not clipped); accuracy under the common corruptions "
            + "(every applicable corruption, severities 1–5), grouped by the band third where each changes the spectrum most (RCT), measured per model and setting.");
        report.Table(["model", "clean accuracy", "heat map mean error", "low-frequency error", "high-frequency error", "mean corruption accuracy"],
            rows.Select(r => new object[] { r.Model, ExperimentReport.F(r.Curves.CleanAccuracy), ExperimentReport.F(r.Map.MeanError), ExperimentReport.F(r.Regions.Low),
                ExperimentReport.F(r.Regions.High), ExperimentReport.F(r.Table.MeanAccuracy) }));
        report.Csv("heatmap-regions.csv", ["model", "clean_error", "mean_error", "max_error", "low_third_error", "high_third_error"],
            rows.Select(r => new object[] { r.Model, r.Map.CleanError, r.Map.MeanError, r.Map.MaxError, r.Regions.Low, r.Regions.High }));
        foreach (var r in rows)
        {
            report.Array($"heatmap-{r.Model}.npy", r.Map.Error.Select(e => (float)e).ToArray(), r.Map.MapHeight, r.Map.MapWidth);
        }

        report.Csv("filtered-accuracy.csv", ["model", "radius", "low_accuracy", "high_accuracy", "clean_accuracy", "low_min", "low_max", "high_min", "high_max"],
            rows.SelectMany(r => r.Curves.Points.Select(p => new object[] { r.Model, p.Radius, p.LowAccuracy, p.HighAccuracy, r.Curves.CleanAccuracy, p.LowMin, p.LowMax, p.HighMin, p.HighMax })));
        report.Csv("corruptions.csv", ["model", "corruption", "severity", "accuracy", "rct_low", "rct_middle", "rct_high", "group"],
            rows.SelectMany(r => r.Table.Rows.Select(c => new object[] { r.Model, c.Corruption, c.Severity, c.Accuracy, c.ThirdRelativeChange[0], c.ThirdRelativeChange[1], c.ThirdRelativeChange[2], c.Group.ToString().ToLowerInvariant() })));
        report.Table(["model", .. Enum.GetNames<FrequencyThird>().Select(g => $"{g.ToLowerInvariant()}-frequency corruptions")],
            rows.Select(r => new object[] { r.Model }.Concat(Enum.GetValues<FrequencyThird>().Select(g => (object)GroupCell(r.Table, g)))));
        report.Figure("heatmaps.png", "Fourier heat maps (error rate; zero frequency at the centre)", new HeatMapFigure(rows.Select(r => (r.Model, r.Map)).ToArray()));
        report.Figure("filtered-accuracy.png", "accuracy on low-pass (solid) and high-pass (dashed) images", new FilteredAccuracyFigure(rows.Select(r => (r.Model, r.Curves)).ToArray()));
        report.Figure("corruptions.png", "accuracy per corruption (mean over severities), measured frequency group in parentheses", new CorruptionFigure(rows.Select(r => (r.Model, r.Table)).ToArray()));

        var (naturalLow, naturalHigh) = natural.Regions;
        bool heat = robust.All(r => r.Regions.High < naturalHigh && r.Regions.Low > naturalLow);
        report.Claim("adversarial training lowers the heat map's error at high frequencies and raises it at low ones (Yin et al. §4).", heat,
            string.Join("; ", rows.Select(r => $"`{r.Model}` low third {ExperimentReport.F(r.Regions.Low)}, high third {ExperimentReport.F(r.Regions.High)}")) + ".");

        // Corruptions, on the groups as measured for the natural model (the same corruption settings are compared across models).
        var highSettings = natural.Table.Rows.Where(r => r.Group == FrequencyThird.High).Select(r => (r.Corruption, r.Severity)).ToHashSet();
        var lowSettings = natural.Table.Rows.Where(r => r.Group == FrequencyThird.Low).Select(r => (r.Corruption, r.Severity)).ToHashSet();
        double Mean(CorruptionTable t, HashSet<(string, int)> settings) =>
            t.Rows.Where(r => settings.Contains((r.Corruption, r.Severity))).Select(r => r.Accuracy).DefaultIfEmpty(double.NaN).Average();
        // Yin et al.'s own grouping by name, reported beside the measured one for comparison (the verdicts use the measured groups).
        string Named(string[] names) => string.Join(", ", rows.Select(r => $"`{r.Model}` {ExperimentReport.F(r.Table.Rows.Where(c => names.Contains(c.Corruption)).Select(c => c.Accuracy).DefaultIfEmpty(double.NaN).Average())}"));
        string[] namedHigh = ["gaussian-noise", "shot-noise", "impulse-noise", "speckle-noise", "pixelate", "jpeg"], namedLow = ["fog", "contrast"];
        bool highBetter = highSettings.Count > 0 && robust.All(r => Mean(r.Table, highSettings) > Mean(natural.Table, highSettings));
        report.Claim("adversarial training improves accuracy under high-frequency corruptions (Yin et al. §4: noise, pixelate, JPEG) — tested on the settings measured to change the high bands most.",
            highBetter, $"{highSettings.Count} high-frequency settings: " + string.Join(", ", rows.Select(r => $"`{r.Model}` {ExperimentReport.F(Mean(r.Table, highSettings))}"))
                + $". By name (noise, pixelate, JPEG): {Named(namedHigh)}.");
        bool lowWorse = lowSettings.Count > 0 && robust.All(r => Mean(r.Table, lowSettings) < Mean(natural.Table, lowSettings));
        report.Claim("adversarial training lowers accuracy under low-frequency corruptions (Yin et al. §4: fog, contrast) — tested on the settings measured to change the low bands most.",
            lowWorse, lowSettings.Count == 0 ? $"no setting is measured as low-frequency on these images, so the claim cannot be supported here. By name (fog, contrast): {Named(namedLow)}."
                : $"{lowSettings.Count} low-frequency settings ({string.Join(", ", lowSettings.Select(s => $"{s.Item1} {s.Item2}"))}): " + string.Join(", ", rows.Select(r => $"`{r.Model}` {ExperimentReport.F(Mean(r.Table, lowSettings))}")) + "."
                + $" By name (fog, contrast): {Named(namedLow)}.");

        double HighPass(FilteredAccuracyResult c) => c.Points.Average(p => p.HighAccuracy);
        bool wang = robust.All(r => HighPass(r.Curves) < HighPass(natural.Curves));
        report.Claim("natural models keep more accuracy on high-pass images than robust ones (Wang et al. 2020).", wang,
            "mean high-pass accuracy over r = 4, 8, 12, 16: " + string.Join(", ", rows.Select(r => $"`{r.Model}` {ExperimentReport.F(HighPass(r.Curves))}")) + ".");
        return report;
    }

    private static double Radius(Spectral.Fourier.FourierBasis basis, int cell)
    {
        var (a, b) = basis.FrequencyOf(cell);
        return Math.Sqrt((double)a * a + (double)b * b);
    }

    private static string GroupCell(CorruptionTable table, FrequencyThird group) =>
        table.Groups.FirstOrDefault(g => g.Group == group) is { } g ? $"{ExperimentReport.F(g.MeanAccuracy)} ({g.Rows})" : "–";
}
