using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Attribution;
using ScottPlot;

namespace MlNetFreq.Cli.Figures;

/// <summary>PNG figures of Occluded Frequency results (the paper's Figures 4 and 1).</summary>
internal static class AttributionFigures
{
    /// <summary>Figure 4: the image, its OF bar chart, and the images with bands removed.</summary>
    public static void Example(string path, OccludedFrequencyExampleFigure f)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2 + f.Ablations.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, 2 + f.Ablations.Count);
        FigurePanels.Image(multiplot.GetPlot(0), f.Image, f.Channels, f.Height, f.Width, f.Title);
        var bars = multiplot.GetPlot(1);
        bars.Add.Bars(f.Scores.Select(v => (double)v).ToArray());
        bars.Title("Occluded Frequency per band");
        bars.XLabel("band k = u + v");
        bars.YLabel("f_c(x) − f_c(x̃_k)");
        for (int a = 0; a < f.Ablations.Count; a++)
        {
            FigurePanels.Image(multiplot.GetPlot(2 + a), f.Ablations[a].Image, f.Channels, f.Height, f.Width, f.Ablations[a].Title);
        }

        multiplot.SavePng(path, 400 * (2 + f.Ablations.Count), 400);
    }

    /// <summary>Figure 1 for one or more models: mean OF per band, one panel per class, one line per model.</summary>
    public static void ByClass(string path, IReadOnlyList<(string Model, AttributionProfile Profile)> profiles, IReadOnlyList<string>? classNames = null)
    {
        int classes = profiles.Max(p => p.Profile.Classes);
        int columns = Math.Min(classes, 5);
        int rows = (classes + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(classes);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int c = 0; c < classes; c++)
        {
            var plot = multiplot.GetPlot(c);
            foreach (var (model, profile) in profiles.Where(p => c < p.Profile.Classes && p.Profile.CountByClass[c] > 0))
            {
                double[] xs = Enumerable.Range(0, profile.Bands).Select(k => (double)k).ToArray();
                double[] ys = profile.MeanByClass.Skip(c * profile.Bands).Take(profile.Bands).Select(v => (double)v).ToArray();
                plot.Add.ScatterLine(xs, ys).LegendText = model;
            }

            plot.Title(classNames is not null && c < classNames.Count ? classNames[c] : $"class {c}");
            plot.XLabel("band");
            if (c == 0)
            {
                plot.ShowLegend();
            }
        }

        multiplot.SavePng(path, 320 * columns, 280 * rows);
    }

    /// <summary>The overall mean OF per band, one line per model.</summary>
    public static void Overall(string path, IReadOnlyList<(string Model, AttributionProfile Profile)> profiles)
    {
        var plot = new Plot();
        foreach (var (model, profile) in profiles)
        {
            plot.Add.ScatterLine(Enumerable.Range(0, profile.Bands).Select(k => (double)k).ToArray(), profile.Overall.Select(v => (double)v).ToArray()).LegendText = model;
        }

        plot.Title("Mean Occluded Frequency per band");
        plot.XLabel("band k = u + v");
        plot.YLabel("f_c(x) − f_c(x̃_k)");
        plot.ShowLegend();
        plot.SavePng(path, 800, 450);
    }
}
