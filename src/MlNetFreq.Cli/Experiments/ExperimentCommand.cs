using System.CommandLine;
using MlNetFreq.Cli.Commands;
using MlNetFreq.Cli.Output;
using MlNetFreq.Experiments;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Cli.Experiments;

/// <summary>
/// <c>mlnetfreq experiment NAME</c>, one subcommand per registered experiment (<see cref="ExperimentRegistry"/>): parses
/// the data, models and the experiment's own options (from its <see cref="MethodOptionAttribute"/> properties), runs it
/// with progress bars, and writes its report's files and summary.md.
/// </summary>
internal static class ExperimentCommand
{
    /// <summary>Shipped defaults: the Fashion-MNIST sample and the ResNet-8 family (natural first).</summary>
    public static readonly string[] ShippedModels = ["fmnist-resnet8", "fmnist-resnet8-linf-0.1", "fmnist-resnet8-linf-0.2", "fmnist-resnet8-l2-1.5"];

    public static Command Create()
    {
        var command = new Command("experiment", "Reproduce one of the paper's experiments on the shipped Fashion-MNIST models and sample (default) or on the data and models you name; writes PNG figures, CSV/JSON numbers and summary.md to --out.");
        foreach (var experiment in ExperimentRegistry.All)
        {
            command.Add(Sub(experiment));
        }

        return command;
    }

    private static Command Sub(IExperiment experiment)
    {
        var outDir = CliOptions.RequiredPath("--out", "Folder for the figures, numbers and summary.md.");
        var data = new DataOptions("Images (default: the shipped 1,000 Fashion-MNIST test images)", inputRequired: false, labels: "Labels (default: the shipped sample's)", shippedDefault: ShippedSample);
        var models = new Option<string[]>("--models")
        {
            Description = $"Models as [NAME=]PATH[@MEAN…,STD…] (the @ part: an outside normalisation); the first is the natural model, the rest robust. Default: the shipped {string.Join(", ", ShippedModels.Take(experiment.DefaultModels))}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per logical processor).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var own = MethodOption.Of(experiment).Select(o => (Option: o, Flag: new Option<string?>("--" + o.Name) { Description = $"{o.Description} Default: {o.DefaultText}." })).ToArray();
        var limit = new Option<int>("--limit") { Description = $"Images used (default {experiment.DefaultLimit}).", DefaultValueFactory = _ => experiment.DefaultLimit };
        var command = new Command(experiment.Name, experiment.Description) { outDir, models, limit, threads, seed };
        data.AddTo(command, limit: false);
        foreach (var (_, flag) in own)
        {
            command.Add(flag);
        }

        command.SetAction(r => CommandRunner.Run(() =>
        {
            var configured = (IExperiment)Activator.CreateInstance(experiment.GetType())!;
            foreach (var (option, flag) in own)
            {
                if (r.GetValue(flag) is { } text)
                {
                    option.Property.SetValue(configured, MethodFlags.Flagged(() => option.Parse(text)));
                }
            }

            // The folder is staged: if the run fails or is interrupted, a folder it created is removed again.
            using var outputs = new StagedOutputs();
            outputs.StageFolder("--out", r.GetRequiredValue(outDir));
            var set = data.Load(r, r.GetValue(limit));
            var inputs = ExperimentInputs.Create(set, Path.GetFileName(data.ImagesPath(r)), Models(r.GetValue(models), experiment.DefaultModels), r.GetValue(threads), r.GetValue(seed));
            var report = configured.Run(inputs, new ConsoleProgress());
            string summary = ExperimentWriter.Write(report, r.GetRequiredValue(outDir), outputs);
            Console.Error.WriteLine($"{experiment.Name}: {report.Supported} of {report.Claims.Count} claims supported; {summary}");
            Console.Out.WriteLine(report.Summary);
            return 0;
        }));
        return command;
    }

    /// <summary>The shipped 1,000-image Fashion-MNIST test sample, read when --input is not given.</summary>
    private static (string Images, string Labels) ShippedSample() =>
        (ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-images.npy")), ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-labels.npy")));

    /// <summary>The models named by --models, or the first <paramref name="defaultModels"/> shipped ones.</summary>
    private static ExperimentModel[] Models(string[]? models, int defaultModels) => models is { Length: > 0 }
        ? models.Select(ExperimentModel.Parse).ToArray()
        : ShippedModels.Take(defaultModels).Select(n => new ExperimentModel(n, ShippedFiles.Find(Path.Combine("models", n + ".onnx")), null)).ToArray();

    private sealed class ConsoleProgress : IExperimentProgress
    {
        public T Stage<T>(string description, long total, Func<IProgress<int>?, T> work) =>
            ConsoleUi.WithProgress(description, total, advance => work(ConsoleUi.CountUp(advance)));
    }
}
