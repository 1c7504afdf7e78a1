using System.Globalization;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>filtered-accuracy</c>: accuracy on low-pass and high-pass images per cut-off (Wang et al., CVPR 2020); counts and
/// value ranges of slices add up exactly.
/// </summary>
public sealed class FilteredAccuracyCurves : Operation<FilteredAccuracyResult>
{
    /// <inheritdoc />
    public override string Name => "filtered-accuracy";

    /// <inheritdoc />
    public override string Description => "Accuracy on low-pass and high-pass filtered images for each cut-off radius (Wang et al., CVPR 2020), in the Fourier or the DCT basis.";

    /// <inheritdoc />
    public override string? Method => "filtered-accuracy";

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".csv"], true, "CSV: basis, radius, low_accuracy, high_accuracy, clean_accuracy, images, and the value range of the (unclipped) low-pass and high-pass images."),
        new("plot", [".png"], false, "PNG of the two curves."),
    ];

    /// <summary>The CSV's lines.</summary>
    public static IEnumerable<string> Csv(FilteredAccuracyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        yield return "basis,radius,low_accuracy,high_accuracy,clean_accuracy,images,low_min,low_max,high_min,high_max";
        foreach (var p in result.Points)
        {
            yield return string.Join(",", result.Basis.ToString().ToLowerInvariant(), F(p.Radius), F(p.LowAccuracy), F(p.HighAccuracy), F(result.CleanAccuracy), p.Images.ToString(CultureInfo.InvariantCulture),
                F(p.LowMin), F(p.LowMax), F(p.HighMin), F(p.HighMax));
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // A cut-off that splits nothing off the model's images gates clean or blank images: refused, as policies refuse it.
        var filtered = (FilteredAccuracyOptions)parameters.Options!;
        if (filtered.Radii.Radii.Select(r => FrequencySplit.CutOffProblem(filtered.Basis, shape.H, shape.W, r)).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new Methods.Descriptors.MethodOptionException("radii", problem);
        }
    }

    /// <inheritdoc />
    protected override FilteredAccuracyResult MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new FilteredAccuracy(slice.RequiredModel, (FilteredAccuracyOptions)slice.Options!).Evaluate(slice.Images, slice.RequiredLabels, slice.Progress);
    }

    /// <inheritdoc />
    protected override FilteredAccuracyResult Add(FilteredAccuracyResult first, FilteredAccuracyResult second) => first.Merge(second);

    /// <inheritdoc />
    protected override void Write(FilteredAccuracyResult result, OperationWriter writer)
    {
        File.WriteAllLines(writer.Path("output"), Csv(result));
        writer.Figure("plot", () => new FilteredAccuracyFigure([(writer.ModelName, result)]));
    }

    /// <inheritdoc />
    protected override string Summarise(FilteredAccuracyResult result) =>
        $"clean {result.CleanAccuracy:P1}; " + string.Join("; ", result.Points.Select(p => $"r={p.Radius}: low {p.LowAccuracy:P1}, high {p.HighAccuracy:P1}"));
}
