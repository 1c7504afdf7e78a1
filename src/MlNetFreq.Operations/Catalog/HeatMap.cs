using MlNetFreq.Data.Formats;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>heatmap</c>: the Fourier heat map (Yin et al. 2019) of a model on labelled images — error counts per basis image,
/// signs seeded by the images' global indices, so slices add up to one run.
/// </summary>
public sealed class HeatMap : Operation<HeatMapResult>
{
    /// <inheritdoc />
    public override string Name => "heatmap";

    /// <inheritdoc />
    public override string Description => "Fourier heat map (Yin et al., NeurIPS 2019): the model's error rate when each Fourier (or DCT) basis image of L2 norm v is added to the test images; forward passes only, batched.";

    /// <inheritdoc />
    public override string? Method => "fourier-heatmap";

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".npy"], true, "The map as float32 .npy [rows, columns]: the error rate under each basis perturbation (Fourier: zero frequency at the centre; DCT: (u, v) from the top-left)."),
        new("report", [".json"], false, "JSON: options, images, clean error, mean and maximum error, the map, and (DCT basis) the error per diagonal band."),
        new("plot", [".png"], false, "PNG of the map (and, for the DCT basis, the error per band)."),
    ];

    /// <inheritdoc />
    protected override HeatMapResult MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new FourierHeatMap(slice.RequiredModel, (FourierHeatMapOptions)slice.Options!) { BasisProgress = slice.StageProgress }
            .Evaluate(slice.Images, slice.RequiredLabels, slice.FirstIndex, slice.Progress);
    }

    /// <inheritdoc />
    protected override HeatMapResult Add(HeatMapResult first, HeatMapResult second) => first.Merge(second);

    /// <inheritdoc />
    protected override void Write(HeatMapResult result, OperationWriter writer)
    {
        NpyFile.Write(writer.Path("output"), result.Error.Select(e => (float)e).ToArray(), result.MapHeight, result.MapWidth);
        if (writer.Has("report"))
        {
            File.WriteAllText(writer.Path("report"), HeatMapReport.Json(result, writer.Options as FourierHeatMapOptions ?? new FourierHeatMapOptions()));
        }

        writer.Figure("plot", () => new HeatMapFigure([(writer.ModelName, result)]));
    }

    /// <inheritdoc />
    protected override string Summarise(HeatMapResult result) =>
        $"heat map [{result.MapHeight},{result.MapWidth}] of {result.Images} images: clean error {result.CleanError:P2}, mean {result.MeanError:P2}, max {result.MaxError:P2}";
}
