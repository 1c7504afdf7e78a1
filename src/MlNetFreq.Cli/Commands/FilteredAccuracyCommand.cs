using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq filtered-accuracy</c>: accuracy on low-pass and high-pass images per cut-off (Wang et al. 2020).</summary>
internal static class FilteredAccuracyCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new DataOptions("Test images", labels: "Labels");
        var method = new MethodFlags(MethodRegistry.Get("filtered-accuracy", typeof(FilteredAccuracyOptions)));
        var output = CliOptions.RequiredPath("--output", "CSV: basis, radius, low_accuracy, high_accuracy, clean_accuracy, images, and the value range of the (unclipped) low-pass and high-pass images.");
        var plot = new Option<string?>("--plot") { Description = "PNG of the two curves." };
        var command = new Command("filtered-accuracy", "Accuracy on low-pass and high-pass filtered images for each cut-off radius (Wang et al., CVPR 2020), in the Fourier or the DCT basis.")
        {
            output, plot,
        };
        input.AddTo(command);
        method.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string csvPath = outputs.Stage("--output", r.GetRequiredValue(output));
            string? plotPath = r.GetValue(plot) is { } pp ? outputs.Stage("--plot", pp) : null;
            using var session = model.Open(r);
            var data = input.LoadFor(r, session);
            var filtered = new FilteredAccuracy(session, (FilteredAccuracyOptions)method.Create(r));
            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"Filtered accuracy of {n} images at {filtered.Options.Radii.Radii.Count} cut-offs", n, advance =>
                filtered.Evaluate(data.Images.Data, DataOptions.LabelsOf(data), ConsoleUi.CountUp(advance)));
            File.WriteAllLines(csvPath, Csv(result));
            if (plotPath is not null)
            {
                Figures.FigureRenderer.Render(new FilteredAccuracyFigure([(Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), result)]), plotPath);
            }

            outputs.Commit();
            Console.Error.WriteLine($"clean {result.CleanAccuracy:P1}; " + string.Join("; ", result.Points.Select(p => $"r={p.Radius}: low {p.LowAccuracy:P1}, high {p.HighAccuracy:P1}")) + $" -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

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
