using ScottPlot;

namespace MlNetFreq.Cli.Figures;

/// <summary>Panels the figures share: a grey image and a heatmap of an [H, W] map.</summary>
internal static class FigurePanels
{
    /// <summary>An image [C, H, W] in [0, 1]: RGB for three channels, else grey levels (the mean over channels); row 0 at the top.</summary>
    public static void Image(Plot plot, ReadOnlySpan<float> image, int channels, int height, int width, string title)
    {
        // Values outside [0, 1] (unclipped ablations) are shown saturated; the data themselves are not changed.
        static byte Byte(double v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1));
        var pixels = new byte[height, width, 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double mean = 0;
                for (int ch = 0; ch < channels; ch++)
                {
                    mean += image[(ch * height + y) * width + x] / channels;
                }

                for (int rgb = 0; rgb < 3; rgb++)
                {
                    pixels[y, x, rgb] = Byte(channels == 3 ? image[(rgb * height + y) * width + x] : mean);
                }
            }
        }

        var picture = plot.Add.ImageRect(new ScottPlot.Image(pixels), new CoordinateRect(-0.5, width - 0.5, -0.5, height - 0.5));
        picture.AntiAlias = false;
        Finish(plot, title);
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
    }

    /// <summary>A map [H, W] on a fixed colour range: u (vertical frequency) down from 0 at the top, v across, as DCT spectra are drawn.</summary>
    public static ScottPlot.Plottables.Heatmap Map(Plot plot, ReadOnlySpan<float> map, int height, int width, double min, double max, string title, Func<double, double>? scale = null)
    {
        var cells = new double[height, width];
        for (int u = 0; u < height; u++)
        {
            for (int v = 0; v < width; v++)
            {
                cells[u, v] = scale is null ? map[u * width + v] : scale(map[u * width + v]);
            }
        }

        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(min, Math.Max(max, min + 1e-12));
        Finish(plot, title);
        plot.Axes.InvertY(); // ScottPlot draws array row 0 at the top whatever the axis direction: the ticks now count u down from it
        plot.XLabel("v");
        plot.YLabel("u");
        return heatmap;
    }

    private static void Finish(Plot plot, string title)
    {
        plot.Title(title);
        plot.HideGrid();
        plot.Axes.SquareUnits();
    }
}
