using MlNetFreq.Data.Formats;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>attribute</c>: Occluded Frequency (Wang et al., Definition 1) of every image — how much the explained logit drops
/// when each DCT band is occluded — with the noise baseline seeded by the images' global indices and an optional
/// reference image; figures: the paper's Figure 4 for the first four images and Figure 1 (mean OF per band per class).
/// </summary>
public sealed class OccludedFrequencyScores : Operation<OccludedFrequencyScores.Scores>
{
    private const int Examples = 4;

    /// <inheritdoc />
    public override string Name => "attribute";

    /// <inheritdoc />
    public override string Description => "Occluded Frequency attribution (Wang et al.): how much the explained logit drops when each DCT band is occluded; batched through ONNX Runtime.";

    /// <inheritdoc />
    public override string? Method => "occluded-frequency";

    /// <inheritdoc />
    public override bool TakesLabels => true;

    /// <inheritdoc />
    public override bool NeedsLabelsFor(OperationParameters parameters) => ((OccludedFrequencyOptions?)parameters?.Options)?.Target.NeedsLabels ?? false;

    /// <inheritdoc />
    public override IReadOnlyList<OperationInput> Inputs { get; } =
        [new("reference", "Reference image .npy (float32 [1,C,H,W] or [C,H,W]-sized) for --baseline reference, e.g. the data set's mean image.")];

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".npy"], true, "Scores as float32 .npy [N, bands]: OF_c(k) = f_c(x) − f_c(x̃_k)."),
        new("plot", [], false, "Folder for PNG figures: the paper's Figure 4 for the first four images (image, OF bars, lowest-3 and top-3 bands removed) and Figure 1 (mean OF per band per class)."),
    ];

    /// <summary>The method's options with the reference image among the inputs.</summary>
    private static OccludedFrequencyOptions Options(OperationParameters parameters) =>
        (OccludedFrequencyOptions)parameters.Options! with { Reference = parameters.Inputs.TryGetValue("reference", out float[]? reference) ? reference : null };

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        _ = new OccludedFrequency(model, Options(parameters)); // the options against the model's image size (and the reference image's)
    }

    /// <inheritdoc />
    protected override Scores MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var of = new OccludedFrequency(slice.RequiredModel, Options(slice.Parameters));
        int n = slice.Shape.N, length = slice.Shape.ImageLength;
        var result = of.Explain(slice.Images, n, slice.Labels, slice.Progress, slice.FirstIndex);
        int lowest = Math.Min(3, of.Bands.Count);
        var examples = Enumerable.Range(0, n).Where(i => slice.FirstIndex + i < Examples).Select(i =>
        {
            float[] image = slice.Images.AsSpan(i * length, length).ToArray();
            return new Example(image, of.Ablate(image, [.. Enumerable.Range(0, lowest)]), of.Ablate(image, result.TopBands(i, 3)));
        }).ToArray();
        return new Scores(slice.Shape, result, slice.Labels, examples, slice.ClassNames);
    }

    /// <inheritdoc />
    protected override Scores Add(Scores first, Scores second)
    {
        var (a, b) = (first.Result, second.Result);
        return new Scores(first.Shape with { N = first.Shape.N + second.Shape.N },
            new AttributionResult([.. a.Scores, .. b.Scores], a.Bands, [.. a.TargetClasses, .. b.TargetClasses], [.. a.CleanLogits, .. b.CleanLogits], a.Classes),
            first.Labels is null ? null : [.. first.Labels, .. second.Labels!], [.. first.Examples, .. second.Examples], first.ClassNames);
    }

    /// <inheritdoc />
    protected override void Write(Scores result, OperationWriter writer)
    {
        var r = result.Result;
        NpyFile.Write(writer.Path("output"), r.Scores, r.Count, r.Bands);
        var s = result.Shape;
        for (int i = 0; i < result.Examples.Length; i++)
        {
            var e = result.Examples[i];
            int[] top = r.TopBands(i, 3);
            writer.Figure("plot", $"of-example-{i}.png", () => new OccludedFrequencyExampleFigure(e.Image, $"image {i}: class {r.TargetClasses[i]}", r.Row(i).ToArray(),
                [($"lowest {Math.Min(3, r.Bands)} bands removed", e.WithoutLowest), ($"top-3 bands {string.Join(",", top)} removed", e.WithoutTop)], s.C, s.H, s.W));
        }

        writer.Figure("plot", "of-by-class.png", () => new AttributionByClassFigure([(writer.ModelName, Profile(result))], result.ClassNames));
    }

    /// <inheritdoc />
    protected override string Summarise(Scores result) =>
        $"scores [{result.Result.Count},{result.Result.Bands}]; high-frequency reliance {Profile(result).HighFrequencyReliance:F3}";

    // Grouped by label, or by the explained class without labels.
    private static AttributionProfile Profile(Scores result) => AttributionProfile.From(result.Result, result.Labels ?? result.Result.TargetClasses, result.Result.Classes);

    /// <summary>The attribution of consecutive images, their labels when known, and the figure examples among them.</summary>
    public sealed record Scores(ImageBatchShape Shape, AttributionResult Result, int[]? Labels, Example[] Examples, IReadOnlyList<string>? ClassNames);

    /// <summary>An example image [C, H, W] (one of the data set's first four) and it without its lowest and its three most attributed bands.</summary>
    public sealed record Example(float[] Image, float[] WithoutLowest, float[] WithoutTop);
}
