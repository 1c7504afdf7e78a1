using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq filtered-accuracy</c>: accuracy on low-pass and high-pass images per cut-off (Wang et al. 2020).</summary>
internal static class FilteredAccuracyCommand
{
    public static Command Create() => DiagnosticCommand.Create("filtered-accuracy",
        "Accuracy on low-pass and high-pass filtered images for each cut-off radius (Wang et al., CVPR 2020), in the Fourier or the DCT basis.",
        "filtered-accuracy",
        ".csv",
        "CSV: basis, radius, low_accuracy, high_accuracy, clean_accuracy, images, and the value range of the (unclipped) low-pass and high-pass images.",
        "PNG of the two curves.",
        run =>
        {
            var filtered = new FilteredAccuracy(run.Session, (FilteredAccuracyOptions)run.Options);
            int n = run.Labels.Length;
            var result = ConsoleUi.WithProgress($"Filtered accuracy of {n} images at {filtered.Options.Radii.Radii.Count} cut-offs", n, advance =>
                filtered.Evaluate(run.Data.Images.Data, run.Labels, ConsoleUi.CountUp(advance)));
            File.WriteAllLines(run.Output, Csv(result));
            if (run.Plot is not null)
            {
                Figures.FigureRenderer.Render(new FilteredAccuracyFigure([(run.ModelName, result)]), run.Plot);
            }

            return $"clean {result.CleanAccuracy:P1}; " + string.Join("; ", result.Points.Select(p => $"r={p.Radius}: low {p.LowAccuracy:P1}, high {p.HighAccuracy:P1}"));
        });

    public static IEnumerable<string> Csv(FilteredAccuracyResult result)
    {
        yield return "basis,radius,low_accuracy,high_accuracy,clean_accuracy,images,low_min,low_max,high_min,high_max";
        foreach (var p in result.Points)
        {
            yield return string.Join(",", result.Basis.ToString().ToLowerInvariant(), F(p.Radius), F(p.LowAccuracy), F(p.HighAccuracy), F(result.CleanAccuracy), p.Images.ToString(CultureInfo.InvariantCulture),
                F(p.LowMin), F(p.LowMax), F(p.HighMin), F(p.HighMax));
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
