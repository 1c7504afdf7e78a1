using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq corruption-accuracy</c>: accuracy under every common corruption and severity, grouped by measured frequency.</summary>
internal static class CorruptionAccuracyCommand
{
    public static Command Create() => DiagnosticCommand.Create("corruption-accuracy",
        "Accuracy under the common corruptions (CIFAR-10-C formulas) at each severity, each grouped by where in the spectrum it changes the images most (RCT per band third).",
        "corruption-accuracy",
        ".csv",
        "CSV: corruption, severity, accuracy, images, the RCT of corrupted vs clean per band third (low, middle, high) and the measured group (the third where it is largest).",
        "PNG: mean accuracy per corruption, labelled with its measured group.",
        run =>
        {
            var measure = new CorruptionAccuracy(run.Session, (CorruptionAccuracyOptions)run.Options);
            int settings = measure.Options.Corruptions.Descriptors.Count * measure.Options.Severities.Severities.Count, n = run.Labels.Length;
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            var table = ConsoleUi.WithProgress($"{n} images × {settings} corruption and severity settings", n, advance =>
                measure.Evaluate(run.Data.Images.Data, run.Labels, progress: ConsoleUi.CountUp(advance)));
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            File.WriteAllLines(run.Output, table.ToCsv());
            if (run.Plot is not null)
            {
                Figures.FigureRenderer.Render(new CorruptionFigure([(run.ModelName, table)]), run.Plot);
            }

            foreach (var (name, why) in table.Skipped)
            {
                Console.Error.WriteLine($"skipped {name}: {why}");
            }

            return $"clean {table.CleanAccuracy:P1}, mean corruption accuracy {table.MeanAccuracy:P1}; "
                + string.Join("; ", table.Groups.Select(g => $"{g.Group.ToString().ToLowerInvariant()} group {g.MeanAccuracy:P1} ({g.Rows} settings)"))
                + $"; {table.Rows.Count * (double)table.Images / seconds:F0} corrupted images/s";
        });
}
