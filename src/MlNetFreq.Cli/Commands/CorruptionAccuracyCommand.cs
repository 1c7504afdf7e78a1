using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq corruption-accuracy</c>: accuracy under every common corruption and severity, grouped by measured frequency.</summary>
internal static class CorruptionAccuracyCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new DataOptions("Test images", labels: "Labels");
        var method = new MethodFlags(MethodRegistry.Get("corruption-accuracy", typeof(CorruptionAccuracyOptions)));
        var output = CliOptions.RequiredPath("--output", "CSV: corruption, severity, accuracy, images, the RCT of corrupted vs clean per band third (low, middle, high) and the measured group (the third where it is largest).");
        var plot = new Option<string?>("--plot") { Description = "PNG: mean accuracy per corruption, labelled with its measured group." };
        var command = new Command("corruption-accuracy", "Accuracy under the common corruptions (CIFAR-10-C formulas) at each severity, each grouped by where in the spectrum it changes the images most (RCT per band third).")
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
            var measure = new CorruptionAccuracy(session, (CorruptionAccuracyOptions)method.Create(r));
            int rows = measure.Options.Corruptions.Descriptors.Count * measure.Options.Severities.Severities.Count, n = data.Images.Shape.N;
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            var table = ConsoleUi.WithProgress($"{n} images × {rows} corruption and severity settings", n, advance =>
                measure.Evaluate(data.Images.Data, DataOptions.LabelsOf(data), progress: ConsoleUi.CountUp(advance)));
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            File.WriteAllLines(csvPath, Csv(table));
            if (plotPath is not null)
            {
                Figures.FigureRenderer.Render(new CorruptionFigure([(Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), table)]), plotPath);
            }

            outputs.Commit();
            foreach (var (name, why) in table.Skipped)
            {
                Console.Error.WriteLine($"skipped {name}: {why}");
            }

            Console.Error.WriteLine($"clean {table.CleanAccuracy:P1}, mean corruption accuracy {table.MeanAccuracy:P1}; " + string.Join("; ", table.Groups.Select(g => $"{g.Group.ToString().ToLowerInvariant()} group {g.MeanAccuracy:P1} ({g.Rows} settings)"))
                + $"; {table.Rows.Count * (double)table.Images / seconds:F0} corrupted images/s -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    public static IEnumerable<string> Csv(CorruptionTable table)
    {
        yield return "corruption,severity,accuracy,images,rct_low,rct_middle,rct_high,group,clean_accuracy";
        foreach (var row in table.Rows)
        {
            yield return string.Join(",", row.Corruption, row.Severity.ToString(CultureInfo.InvariantCulture), F(row.Accuracy), row.Images.ToString(CultureInfo.InvariantCulture),
                F(row.ThirdRelativeChange[0]), F(row.ThirdRelativeChange[1]), F(row.ThirdRelativeChange[2]), row.Group.ToString().ToLowerInvariant(), F(table.CleanAccuracy));
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
