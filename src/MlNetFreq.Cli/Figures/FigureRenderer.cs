using MlNetFreq.Experiments.Figures;

namespace MlNetFreq.Cli.Figures;

/// <summary>Draws a library figure (<see cref="FigureData"/>) as a PNG with ScottPlot.</summary>
internal static class FigureRenderer
{
    public static void Render(FigureData figure, string path)
    {
        switch (figure)
        {
            case RctComparisonFigure f:
                RctFigures.Compare(path, f.Results);
                break;
            case AttributionByClassFigure f:
                AttributionFigures.ByClass(path, f.Profiles, f.ClassNames);
                break;
            case AttributionOverallFigure f:
                AttributionFigures.Overall(path, f.Profiles);
                break;
            case OccludedFrequencyExampleFigure f:
                AttributionFigures.Example(path, f);
                break;
            case DifferenceMapsFigure f:
                DatasetFigures.DifferenceMaps(path, f.Maps, f.Height, f.Width);
                break;
            case ImageGridFigure f:
                DatasetFigures.Examples(path, f.Columns, f.Rows, f.Channels, f.Height, f.Width);
                break;
            case HeatMapFigure f:
                DiagnosticFigures.HeatMaps(path, f);
                break;
            case FilteredAccuracyFigure f:
                DiagnosticFigures.FilteredAccuracy(path, f);
                break;
            case CorruptionFigure f:
                DiagnosticFigures.Corruptions(path, f);
                break;
            default:
                throw new NotSupportedException($"{path}: no renderer for {figure?.GetType().Name}.");
        }
    }
}
