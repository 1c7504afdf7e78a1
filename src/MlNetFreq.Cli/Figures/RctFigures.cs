using MlNetFreq.Methods.Rct;
using ScottPlot;

namespace MlNetFreq.Cli.Figures;

/// <summary>The paper's Figure 2: one RCT heatmap per attack with a shared colour scale, and the band profiles overlaid.</summary>
internal static class RctFigures
{
    public static void Compare(string path, IReadOnlyList<(string Name, RctResult Rct)> results)
    {
        double max = results.Max(r => r.Rct.Map.DefaultIfEmpty().Max());
        var multiplot = new Multiplot();
        multiplot.AddPlots(results.Count + 1);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, results.Count + 1);
        for (int i = 0; i < results.Count; i++)
        {
            var (name, rct) = results[i];
            var heatmap = FigurePanels.Map(multiplot.GetPlot(i), rct.Map, rct.Height, rct.Width, 0, max, $"{name} (low {rct.LowShare:P0} / high {rct.HighShare:P0})");
            if (i == results.Count - 1)
            {
                multiplot.GetPlot(i).Add.ColorBar(heatmap);
            }
        }

        var profiles = multiplot.GetPlot(results.Count);
        foreach (var (name, rct) in results)
        {
            profiles.Add.ScatterLine(Enumerable.Range(0, rct.BandProfile.Length).Select(k => (double)k).ToArray(), rct.BandProfile.Select(v => (double)v).ToArray()).LegendText = name;
        }

        profiles.Title("RCT per band");
        profiles.XLabel("band k = u + v");
        profiles.ShowLegend();
        multiplot.SavePng(path, 380 * (results.Count + 1), 380);
    }
}
