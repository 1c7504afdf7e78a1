using System.CommandLine;
using MlNetFreq.Cli.Commands;

namespace MlNetFreq.Cli.Experiments;

/// <summary>
/// <c>mlnetfreq experiment attacks|robust-dataset|of-example|attribution-shift</c>: the paper's four experiments, one
/// command each, writing figures, CSV/JSON numbers and a summary.md that checks the paper's claims against our numbers.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var command = new Command("experiment", "Reproduce one of the paper's experiments on the shipped Fashion-MNIST models and sample (default) or on the data and models you name; writes PNG figures, CSV/JSON numbers and summary.md to --out.");
        var eps = new Option<double?>("--eps") { Description = "L∞ budget of FGSM and PGD (default 0.1 for one-channel images, 8/255 for colour)." };
        command.Add(Sub("attacks", "Experiment I (Figure 2): FGSM, PGD, CW-L2 and SimBA-DCT on the first model; RCT maps, band profiles and shares of each attack.",
            defaultModels: 1, defaultLimit: 200, (inputs, report, r) => AttacksExperiment.Run(inputs, report, r.GetValue(eps) ?? inputs.LinfEps), eps));
        var steps = new Option<int>("--steps") { Description = "Representation-matching steps per image.", DefaultValueFactory = _ => 200 };
        var stepSize = new Option<double>("--step-size") { Description = "L2 length of each matching step.", DefaultValueFactory = _ => 0.1 };
        command.Add(Sub("robust-dataset", "Experiment II (Figure 3): a non-robust set from the first (natural) model and a robust set from the second (robust) model; mean |DCT(z) − DCT(x)| maps.",
            defaultModels: 2, defaultLimit: 100, (inputs, report, r) => RobustDatasetExperiment.Run(inputs, report, r.GetValue(steps), r.GetValue(stepSize)), steps, stepSize));
        var index = new Option<int?>("--index") { Description = "Image to explain (default: the first one the model classifies correctly)." };
        command.Add(Sub("of-example", "Experiment III (Figure 4): one correctly classified image, its Occluded Frequency per band, and the image with its lowest 3 and its 3 most attributed bands removed.",
            defaultModels: 1, defaultLimit: 100, (inputs, report, r) => OfExampleExperiment.Run(inputs, report, r.GetValue(index)), index));
        command.Add(Sub("attribution-shift", "Experiment IV (Figure 1): mean Occluded Frequency per band per class of the natural model (first) and the robust ones; high-frequency reliance of each.",
            defaultModels: ExperimentInputs.ShippedModels.Length, defaultLimit: 1000, (inputs, report, _) => AttributionShiftExperiment.Run(inputs, report)));
        return command;
    }

    private static Command Sub(string name, string description, int defaultModels, int defaultLimit, Action<ExperimentInputs, ExperimentReport, ParseResult> run, params Option[] extra)
    {
        var outDir = CliOptions.RequiredPath("--out", "Folder for the figures, numbers and summary.md.");
        var data = new Option<string?>("--data") { Description = "Images (.npy, CIFAR-10 binary batch, IDX, image folder); default: the shipped 1,000 Fashion-MNIST test images." };
        var labels = new Option<string?>("--labels") { Description = "Labels .npy for --data sources without labels (default: the shipped sample's)." };
        var models = new Option<string[]>("--models")
        {
            Description = $"Models as [NAME=]PATH[@MEAN…,STD…] (the @ part: an outside normalisation); the first is the natural model, the rest robust. Default: the shipped {string.Join(", ", ExperimentInputs.ShippedModels.Take(defaultModels))}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var limit = new Option<int>("--limit") { Description = $"Images used (default {defaultLimit}).", DefaultValueFactory = _ => defaultLimit };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var command = new Command(name, description) { outDir, data, labels, models, limit, threads, seed };
        foreach (var option in extra)
        {
            command.Add(option);
        }

        command.SetAction(r => CommandRunner.Run(() =>
        {
            var inputs = ExperimentInputs.Load(r.GetValue(data), r.GetValue(labels), r.GetValue(models), defaultModels, r.GetValue(limit), r.GetValue(threads), r.GetValue(seed));
            if (inputs.Models.Count < Math.Min(2, defaultModels))
            {
                throw new ArgumentException($"experiment {name}: expected at least 2 models (natural first, then robust), found {inputs.Models.Count}.");
            }

            var report = new ExperimentReport(r.GetRequiredValue(outDir), Title(name), inputs.Describe());
            run(inputs, report, r);
            string summary = report.Finish();
            Console.Error.WriteLine($"{name}: {report.Supported} of {report.Claims} claims supported; {summary}");
            Console.Out.WriteLine(File.ReadAllText(summary));
            return 0;
        }));
        return command;
    }

    private static string Title(string name) => name switch
    {
        "attacks" => "Experiment I — where in the spectrum do attacks perturb? (Figure 2)",
        "robust-dataset" => "Experiment II — robust and non-robust data sets (Figure 3)",
        "of-example" => "Experiment III — Occluded Frequency of one image (Figure 4)",
        _ => "Experiment IV — attribution shift from natural to robust models (Figure 1)",
    };
}
