using System.CommandLine;
using System.Text.Json;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq attack</c>: adversarial images of a data set, with a per-sample JSON report.</summary>
internal static class AttackCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var model = new ModelOptions();
        var attack = AttackFlags();
        var data = new DataOptions("Images to attack", labels: "True labels (the targets with --targeted)");
        var output = CliOptions.RequiredPath("--output", "Adversarial images as float32 .npy [N,C,H,W].");
        var report = new Option<string?>("--report") { Description = "Per-sample JSON report: samples (index, success, linf, l2, queries, clean_class, adversarial_class) and a summary." };
        var targetClass = TargetClass();
        var command = new Command("attack", "Attack a classifier (white-box gradient attacks through the differentiable ONNX graph, SimBA with forward passes only) and write the adversarial images.")
        {
            output, report, targetClass,
        };
        data.AddTo(command);
        model.AddTo(command);
        attack.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string adversarialPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            string? reportPath = r.GetValue(report) is { } rp ? outputs.Stage("--report", rp, ".json") : null;
            using var session = model.Open(r);
            var set = data.LoadFor(r, session);
            int[] y = DataOptions.LabelsOf(set);
            var options = (AttackOptions)attack.Create(r);
            int[] objective = y;
            if (r.GetValue(targetClass) is { } t)
            {
                if ((uint)t >= (uint)session.Classes)
                {
                    throw new ArgumentException($"--target-class: expected a class in 0…{session.Classes - 1} for the model's {session.Classes} classes, found {t}.");
                }

                options = options with { Targeted = true };
                objective = Enumerable.Repeat(t, y.Length).ToArray();
            }

            var method = options.Create(session);
            int n = set.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"{attack.Descriptor(r).Name} on {n} images", n, advance =>
                method.Run(set.Images.Data, objective, ConsoleUi.CountUp(advance)));
            NpyFile.Write(adversarialPath, result.Adversarial, n, session.Channels, session.Height, session.Width);
            var summary = AttackReport.Summary(result);
            if (reportPath is not null)
            {
                File.WriteAllText(reportPath, JsonSerializer.Serialize(AttackReport.Of(result), Indented));
            }

            outputs.Commit();

            Console.Error.WriteLine($"success rate {summary["success_rate"]:F4}, mean L2 {summary["mean_l2"]:F4}, mean L∞ {summary["mean_linf"]:F4}, median queries {summary["median_queries"]}, {summary["seconds"]:F1} s -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    /// <summary>--method and the options of every registered attack.</summary>
    public static MethodFlags AttackFlags() =>
        new(MethodRegistry.OfType(typeof(AttackOptions)), "Attack (white-box ones differentiate the ONNX graph; SimBA uses forward passes only)");

    /// <summary>--target-class: a targeted attack towards one class for every image.</summary>
    public static Option<int?> TargetClass() =>
        new("--target-class") { Description = "Targeted attack: push every image to this class (labels are then ignored for the objective; implies --targeted)." };

}
