using System.CommandLine;
using MlNetFreq.Cli.Commands;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
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
        var data = new DataOptions("Images (default: the shipped 1,000 Fashion-MNIST test images)", inputRequired: false, labels: "Labels (default: the shipped sample's)");
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
                    object? value;
                    try
                    {
                        value = option.Parse(text);
                    }
                    catch (MethodOptionException ex)
                    {
                        throw new ArgumentException($"--{ex.Option}: {ex.Problem}", ex);
                    }

                    option.Property.SetValue(configured, value);
                }
            }

            StagedOutputs.CheckFolder("--out", r.GetRequiredValue(outDir));
            var inputs = Inputs(data.InputPath(r), data.LabelsPath(r), r.GetValue(models), experiment.DefaultModels, r.GetValue(limit), r.GetValue(threads), r.GetValue(seed));
            var report = configured.Run(inputs, new ConsoleProgress());
            string summary = ExperimentWriter.Write(report, r.GetRequiredValue(outDir));
            Console.Error.WriteLine($"{experiment.Name}: {report.Supported} of {report.Claims.Count} claims supported; {summary}");
            Console.Out.WriteLine(report.Summary);
            return 0;
        }));
        return command;
    }

    /// <summary>The experiment's inputs from the command line, with the shipped sample and models as defaults.</summary>
    public static ExperimentInputs Inputs(string? data, string? labels, string[]? models, int defaultModels, int limit, int threads, int seed)
    {
        string dataPath = data ?? ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-images.npy"));
        string? labelsPath = labels ?? (data is null ? ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-labels.npy")) : null);
        if (limit < 1)
        {
            throw new ArgumentException($"--limit: expected at least 1 image, found {limit}.");
        }

        var specs = models is { Length: > 0 }
            ? models.Select(ExperimentModel.Parse).ToArray()
            : ShippedModels.Take(defaultModels).Select(n => new ExperimentModel(n, ShippedFiles.Find(Path.Combine("models", n + ".onnx")), null)).ToArray();
        return ExperimentInputs.Create(DataSources.Load(dataPath, labelsPath, limit), Path.GetFileName(dataPath), specs, threads, seed);
    }

    private sealed class ConsoleProgress : IExperimentProgress
    {
        public T Stage<T>(string description, long total, Func<IProgress<int>?, T> work) =>
            ConsoleUi.WithProgress(description, total, advance => work(ConsoleUi.CountUp(advance)));
    }
}
