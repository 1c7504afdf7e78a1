using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;
using ScottPlot;

namespace MlNetFreq.Cli.Figures;

/// <summary>Fourier heat maps, filtered-accuracy curves and corruption accuracy as PNG.</summary>
internal static class DiagnosticFigures
{
    /// <summary>One error map per model on a shared scale; Fourier maps centred (axes are the frequencies), DCT maps plus a band curve.</summary>
    public static void HeatMaps(string path, HeatMapFigure figure)
    {
        var maps = figure.Maps;
        bool dct = maps.Any(m => m.Map.BandOfCell is not null);
        double max = maps.Max(m => m.Map.MaxError);
        var multiplot = new Multiplot();
        int panels = maps.Count + (dct ? 1 : 0);
        multiplot.AddPlots(panels);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, panels);
        for (int i = 0; i < maps.Count; i++)
        {
            var (title, map) = maps[i];
            var plot = multiplot.GetPlot(i);
            var heatmap = FigurePanels.Map(plot, map.Error.Select(e => (float)e).ToArray(), map.MapHeight, map.MapWidth, 0, max,
                $"{title}\nmean {map.MeanError:P1}, clean {map.CleanError:P1}");
            if (map.Basis == SpectralBasis.Fourier)
            {
                // Cell (r, c) is the frequency (r − centre, c − centre): tick the axes with frequencies, zero in the middle.
                plot.Axes.Bottom.TickGenerator = FrequencyTicks(map.MapWidth);
                plot.Axes.Left.TickGenerator = FrequencyTicks(map.MapHeight);
                plot.XLabel("horizontal frequency");
                plot.YLabel("vertical frequency");
            }

            if (i == maps.Count - 1)
            {
                plot.Add.ColorBar(heatmap).Label = "error rate";
            }
        }

        if (dct)
        {
            var bands = multiplot.GetPlot(maps.Count);
            foreach (var (title, map) in maps.Where(m => m.Map.BandError is not null))
            {
                double[] error = map.BandError!;
                bands.Add.ScatterLine(Enumerable.Range(0, error.Length).Select(k => (double)k).ToArray(), error).LegendText = title;
            }

            bands.Title("error per diagonal band");
            bands.XLabel("band k = u + v");
            bands.ShowLegend();
        }

        multiplot.SavePng(path, 420 * panels, 400);
    }

    private static ScottPlot.TickGenerators.NumericManual FrequencyTicks(int cells)
    {
        int centre = (cells - 1) / 2, step = Math.Max(1, centre / 3);
        var ticks = Enumerable.Range(-centre / step, 2 * (centre / step) + 1).Select(k => new Tick(centre + k * step, (k * step).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        return new ScottPlot.TickGenerators.NumericManual(ticks);
    }

    /// <summary>Low-pass and high-pass accuracy against the cut-off.</summary>
    public static void FilteredAccuracy(string path, FilteredAccuracyFigure figure)
    {
        var plot = new Plot();
        foreach (var (model, result) in figure.Results)
        {
            double[] radii = result.Points.Select(p => p.Radius).ToArray();
            var low = plot.Add.ScatterLine(radii, result.Points.Select(p => p.LowAccuracy).ToArray());
            low.LegendText = $"{model} low-pass";
            var high = plot.Add.ScatterLine(radii, result.Points.Select(p => p.HighAccuracy).ToArray());
            high.LegendText = $"{model} high-pass";
            high.LinePattern = LinePattern.Dashed;
            high.Color = low.Color;
        }

        plot.Title($"Accuracy on filtered images ({figure.Results[0].Result.Basis} basis)");
        plot.XLabel(figure.Results[0].Result.Basis == SpectralBasis.Fourier ? "radius r" : "band cut-off r (keep k = u + v < r)");
        plot.YLabel("accuracy");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend();
        plot.SavePng(path, 720, 480);
    }

    /// <summary>Bars of mean accuracy per corruption, one colour per model, grouped by measured frequency third.</summary>
    public static void Corruptions(string path, CorruptionFigure figure)
    {
        var first = figure.Tables[0].Table;
        string[] names = first.Rows.Select(r => r.Corruption).Distinct()
            .OrderBy(n => first.Rows.Where(r => r.Corruption == n).GroupBy(r => r.Group).MaxBy(g => g.Count())!.Key).ThenBy(n => n, StringComparer.Ordinal).ToArray();
        var plot = new Plot();
        int models = figure.Tables.Count;
        for (int m = 0; m < models; m++)
        {
            var (model, table) = figure.Tables[m];
            var bars = names.Select((n, i) => new Bar
            {
                Position = i * (models + 1) + m,
                Value = table.Rows.Any(r => r.Corruption == n) ? table.AccuracyOf(n) : 0,
                FillColor = Colors.Category10[m % 10],
            }).ToArray();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{model} (mean {table.MeanAccuracy:P1})", FillColor = Colors.Category10[m % 10] });
        }

        var ticks = names.Select((n, i) =>
        {
            var group = first.Rows.Where(r => r.Corruption == n).GroupBy(r => r.Group).MaxBy(g => g.Count())!.Key;
            return new Tick(i * (models + 1) + (models - 1) / 2.0, $"{n} ({group.ToString().ToLowerInvariant()})");
        }).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.Axes.SetLimitsY(0, 1);
        plot.YLabel("accuracy (mean over severities)");
        plot.Title("Accuracy under common corruptions (measured frequency group in parentheses)");
        plot.ShowLegend();
        plot.SavePng(path, Math.Max(900, 24 * names.Length * (models + 1)), 560);
    }
}
