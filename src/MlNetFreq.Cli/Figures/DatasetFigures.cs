using ScottPlot;

namespace MlNetFreq.Cli.Figures;

/// <summary>The paper's Figure 3: DCT difference maps of robust and non-robust data sets, and example images.</summary>
internal static class DatasetFigures
{
    /// <summary>
    /// One heatmap per map [H, W], on a shared log₁₀ colour scale (the DC corner is orders of magnitude above the
    /// rest), with a colour bar on the last panel.
    /// </summary>
    public static void DifferenceMaps(string path, IReadOnlyList<(string Title, float[] Map)> maps, int height, int width)
    {
        static double Log(double v) => Math.Log10(Math.Max(v, 1e-6));
        double min = maps.Min(m => m.Map.Min(v => Log(v)));
        double max = maps.Max(m => m.Map.Max(v => Log(v)));
        var multiplot = new Multiplot();
        multiplot.AddPlots(maps.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, maps.Count);
        for (int i = 0; i < maps.Count; i++)
        {
            var heatmap = FigurePanels.Map(multiplot.GetPlot(i), maps[i].Map, height, width, min, max, maps[i].Title, Log);
            if (i == maps.Count - 1)
            {
                multiplot.GetPlot(i).Add.ColorBar(heatmap).Label = "log10 mean |ΔDCT|";
            }
        }

        multiplot.SavePng(path, 400 * maps.Count, 400);
    }

    /// <summary>A grid of images [C, H, W]: one row per example, one column per kind (target, start, robust, non-robust).</summary>
    public static void Examples(string path, IReadOnlyList<string> columns, IReadOnlyList<float[][]> rows, int channels, int height, int width)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(rows.Count * columns.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows.Count, columns.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                FigurePanels.Image(multiplot.GetPlot(r * columns.Count + c), rows[r][c], channels, height, width, r == 0 ? columns[c] : "");
            }
        }

        multiplot.SavePng(path, 220 * columns.Count, 220 * rows.Count);
    }
}
