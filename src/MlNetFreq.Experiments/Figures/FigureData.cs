using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Rct;

namespace MlNetFreq.Experiments.Figures;

/// <summary>What a figure shows, as data; a front end (the CLI's ScottPlot renderer) draws it.</summary>
public abstract record FigureData;

/// <summary>RCT maps side by side (shared colour scale) and the RCT per band of each (the paper's Figure 2).</summary>
public sealed record RctComparisonFigure(IReadOnlyList<(string Name, RctResult Rct)> Results) : FigureData;

/// <summary>Mean Occluded Frequency per band, one panel per class, one line per model (the paper's Figure 1).</summary>
public sealed record AttributionByClassFigure(IReadOnlyList<(string Model, AttributionProfile Profile)> Profiles, IReadOnlyList<string>? ClassNames) : FigureData;

/// <summary>The overall mean Occluded Frequency per band, one line per model.</summary>
public sealed record AttributionOverallFigure(IReadOnlyList<(string Model, AttributionProfile Profile)> Profiles) : FigureData;

/// <summary>
/// The paper's Figure 4: an image, its Occluded Frequency per band, and images with bands removed (each with a title).
/// Images are [C, H, W].
/// </summary>
public sealed record OccludedFrequencyExampleFigure(float[] Image, string Title, float[] Scores, IReadOnlyList<(string Title, float[] Image)> Ablations, int Channels, int Height, int Width) : FigureData
{
    /// <summary>
    /// The figure of image <paramref name="index"/> of <paramref name="result"/>: its scores, and the image without its
    /// lowest three bands and without its three most attributed bands (in that order in <see cref="Ablations"/>).
    /// </summary>
    public static OccludedFrequencyExampleFigure Create(OccludedFrequency of, float[] image, AttributionResult result, int index, string title)
    {
        ArgumentNullException.ThrowIfNull(of);
        ArgumentNullException.ThrowIfNull(result);
        int[] top = result.TopBands(index, 3);
        int[] lowest = [.. Enumerable.Range(0, Math.Min(3, of.Bands.Count))];
        var m = of.Model;
        return new OccludedFrequencyExampleFigure(image, $"{title}: class {result.TargetClasses[index]}", result.Row(index).ToArray(),
            [($"lowest {lowest.Length} bands removed", of.Ablate(image, lowest)), ($"top-3 bands {string.Join(",", top)} removed", of.Ablate(image, top))],
            m.Channels, m.Height, m.Width);
    }
}

/// <summary>Per-coefficient [H, W] maps on one logarithmic colour scale.</summary>
public sealed record DifferenceMapsFigure(IReadOnlyList<(string Title, float[] Map)> Maps, int Height, int Width) : FigureData;

/// <summary>A grid of images [C, H, W]: one row per example, one column per kind.</summary>
public sealed record ImageGridFigure(IReadOnlyList<string> Columns, IReadOnlyList<float[][]> Rows, int Channels, int Height, int Width) : FigureData;

/// <summary>Heat maps side by side on a shared error scale (Yin et al.'s Figure 1 style); DCT maps add the error per diagonal band.</summary>
public sealed record HeatMapFigure(IReadOnlyList<(string Title, Methods.Diagnostics.HeatMapResult Map)> Maps) : FigureData;

/// <summary>Accuracy on low-pass and high-pass images against the cut-off, one pair of lines per model (Wang et al.'s Figure 3 style).</summary>
public sealed record FilteredAccuracyFigure(IReadOnlyList<(string Model, Methods.Diagnostics.FilteredAccuracyResult Result)> Results) : FigureData;

/// <summary>Mean accuracy per corruption (over its severities) for each model, corruptions ordered by measured frequency group.</summary>
public sealed record CorruptionFigure(IReadOnlyList<(string Model, Methods.Diagnostics.CorruptionTable Table)> Tables) : FigureData;
