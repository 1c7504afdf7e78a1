using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Datasets;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Rct;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Experiments;

/// <summary>
/// Experiment II (the paper's Figure 3): a non-robust data set from the natural model and a robust one from the robust
/// model (representation matching, Ilyas et al. 2019), both from the same starting images; where in the spectrum each
/// set differs from its targets and from its starts.
/// </summary>
public sealed class RobustDatasetExperiment : IExperiment
{
    /// <summary>Representation-matching steps per image.</summary>
    [MethodOption("steps", "Representation-matching steps per image.")]
    public int Steps { get; init; } = 200;

    /// <summary>L2 length of each matching step.</summary>
    [MethodOption("step-size", "L2 length of each matching step.")]
    public double StepSize { get; init; } = 0.1;

    /// <inheritdoc />
    public string Name => "robust-dataset";

    /// <inheritdoc />
    public string Title => "Experiment II — robust and non-robust data sets (Figure 3)";

    /// <inheritdoc />
    public string Description => "Experiment II (Figure 3): a non-robust set from the first (natural) model and a robust set from the second (robust) model; mean |DCT(z) − DCT(x)| maps.";

    /// <inheritdoc />
    public int DefaultModels => 2;

    /// <inheritdoc />
    public int DefaultLimit => 100;

    /// <inheritdoc />
    public ExperimentReport Run(ExperimentInputs inputs, IExperimentProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        progress ??= NoProgress.Instance;
        inputs.RequireModels(Name, 2);
        int steps = Steps;
        double stepSize = StepSize;
        var report = new ExperimentReport(Title, inputs.Describe());
        var data = inputs.Data;
        var s = data.Images.Shape;
        int n = inputs.Count, len = s.ImageLength;
        if (n < 2)
        {
            throw new Methods.Descriptors.MethodOptionException("limit", $"experiment robust-dataset draws starting images from the set; expected at least 2 images, found {n}.");
        }

        using var natural = inputs.Models[0].Open(inputs.Threads);
        using var robust = inputs.Models[1].Open(inputs.Threads);
        report.Text($"Non-robust set: `{inputs.Models[0].Name}`'s representation; robust set: `{inputs.Models[1].Name}`'s (g = the input of the last "
            + $"Gemm/MatMul). Each z starts from another image of the set (the same start for both sets) and takes {steps} normalised-gradient L2 "
            + $"steps of {stepSize} on ‖g(z) − g(x)‖₂ / ‖g(x)‖₂, z ∈ [0, 1]; z keeps x's label.");

        // Same seed for both: each image starts from the same other image in both sets.
        var matchings = new[] { ("non-robust", natural), ("robust", robust) }
            .Select(m => (Name: m.Item1, Matching: new RepresentationMatching(m.Item2) { Steps = steps, StepSize = stepSize, Seed = inputs.Seed, Normalize = true }))
            .ToArray();
        var sets = new List<(string Name, float[] Images, double[] Objective)>();
        foreach (var (name, matching) in matchings)
        {
            var (images, objective) = progress.Stage($"{name} set: matching '{matching.Node}'", n, p =>
                matching.Generate(data.Images.Data, n, p));
            sets.Add((name, images, objective));
            report.Array($"{name}.npy", images, n, s.C, s.H, s.W);
        }

        report.Labels("labels.npy", inputs.Labels);
        var starts = new float[n * len];
        for (int i = 0; i < n; i++)
        {
            data.Images.Image(matchings[0].Matching.StartOf(i, n)).CopyTo(starts.AsSpan(i * len));
        }

        var toTarget = sets.Select(set => RelativeChangeInDct.Compute(data.Images.Data, set.Images, s)).ToArray();
        var fromStart = sets.Select(set => RelativeChangeInDct.Compute(starts, set.Images, s)).ToArray();
        var accuracy = sets.Select(set => new[] { natural, robust }.Select(m => Logits.Accuracy(m.Forward(set.Images, n), inputs.Labels, m.Classes)).ToArray()).ToArray();

        var bands = FrequencyBands.Create(s.H, s.W);
        var profiles = new[] { toTarget[1], toTarget[0], fromStart[1], fromStart[0] }.Select(r => BandMeans(r.MeanAbsoluteChange, bands)).ToArray();
        report.Csv("band-profiles.csv", ["band", "robust_to_target", "non_robust_to_target", "robust_from_start", "non_robust_from_start"],
            Enumerable.Range(0, bands.Count).Select(k => new object[] { k }.Concat(profiles.Select(p => (object)p[k]))));
        report.Json("robust-dataset.json", sets.Select((set, i) => new
        {
            set = set.Name, model = inputs.Models[i].Name, objective_start = set.Objective[0], objective_end = set.Objective[^1],
            accuracy_natural_model = accuracy[i][0], accuracy_robust_model = accuracy[i][1],
            mean_abs_dct_to_target = toTarget[i].MeanAbsoluteChange, mean_abs_dct_from_start = fromStart[i].MeanAbsoluteChange,
            share_from_start_low_middle_high = new[] { fromStart[i].LowShare, fromStart[i].MiddleShare, fromStart[i].HighShare },
            share_to_target_low_middle_high = new[] { toTarget[i].LowShare, toTarget[i].MiddleShare, toTarget[i].HighShare },
            height = s.H, width = s.W,
        }));

        report.Table(["set", "objective start → end", $"accuracy of `{inputs.Models[0].Name}` (labels of x)", $"accuracy of `{inputs.Models[1].Name}`",
                "share of Σ|DCT(z) − DCT(start)| low / middle / high", "mean |DCT(z) − DCT(x)| over the low-third bands"],
            sets.Select((set, i) => new object[]
            {
                set.Name, $"{ExperimentReport.F(set.Objective[0])} → {ExperimentReport.F(set.Objective[^1])}", ExperimentReport.F(accuracy[i][0]), ExperimentReport.F(accuracy[i][1]),
                $"{ExperimentReport.F(fromStart[i].LowShare)} / {ExperimentReport.F(fromStart[i].MiddleShare)} / {ExperimentReport.F(fromStart[i].HighShare)}",
                ExperimentReport.F(bands.MapThirdMean(toTarget[i].MeanAbsoluteChange, 0), 4),
            }));
        var unmatched = sets.Where(set => set.Objective[^1] > 0.5 * set.Objective[0]).Select(set => set.Name).ToArray();
        if (unmatched.Length > 0)
        {
            report.Text($"Note: the {string.Join(" and ", unmatched)} set's objective fell by less than half in {steps} steps, so its images only partly match "
                + "their targets' representations (Ilyas et al. take 1,000 steps); raise --steps for a closer match.");
        }

        report.Figure("dct-difference.png", "mean |DCT(z) − DCT(x)| and |DCT(z) − DCT(start)| of the robust and the non-robust set (log scale)",
            new DifferenceMapsFigure(
            [
                ("robust: |DCT(z) − DCT(x)|", toTarget[1].MeanAbsoluteChange), ("non-robust: |DCT(z) − DCT(x)|", toTarget[0].MeanAbsoluteChange),
                ("robust: |DCT(z) − DCT(start)|", fromStart[1].MeanAbsoluteChange), ("non-robust: |DCT(z) − DCT(start)|", fromStart[0].MeanAbsoluteChange),
            ], s.H, s.W));
        report.Figure("examples.png", "targets, starts and the generated images", new ImageGridFigure(["target x", "start", "robust z", "non-robust z"],
            Enumerable.Range(0, Math.Min(4, n)).Select(i => new[]
            {
                data.Images.Image(i).ToArray(), starts.AsSpan(i * len, len).ToArray(), sets[1].Images.AsSpan(i * len, len).ToArray(), sets[0].Images.AsSpan(i * len, len).ToArray(),
            }).ToArray(), s.C, s.H, s.W));

        double robustLow = fromStart[1].LowShare, naturalLow = fromStart[0].LowShare;
        report.Claim("the robust model's features are low-frequency: matching its representation changes the start image mainly in the low frequencies, "
            + "while matching the natural model's changes it in higher frequencies.",
            robustLow > naturalLow,
            $"Share of Σ|DCT(z) − DCT(start)| in the low third of the bands: robust set {ExperimentReport.F(robustLow)}, non-robust set {ExperimentReport.F(naturalLow)}.");
        double robustToTarget = bands.MapThirdMean(toTarget[1].MeanAbsoluteChange, 0), naturalToTarget = bands.MapThirdMean(toTarget[0].MeanAbsoluteChange, 0);
        report.Claim("the robust set agrees with its targets in the low frequencies (Figure 3: small mean |DCT(z) − DCT(x)| there), the non-robust set does not.",
            robustToTarget < naturalToTarget,
            $"Mean |DCT(z) − DCT(x)| over the low-third bands: robust set {ExperimentReport.F(robustToTarget, 4)}, non-robust set {ExperimentReport.F(naturalToTarget, 4)}.");
        return report;
    }

    // Mean of a map's cells per diagonal band (the map is non-negative, so the mean |value| is the mean).
    private static float[] BandMeans(float[] map, FrequencyBands bands)
    {
        var means = new float[bands.Count];
        BandPooling.Pool(map, new ImageBatchShape(1, 1, bands.Height, bands.Width), bands, BandStatistic.MeanAbsolute, means);
        return means;
    }
}
