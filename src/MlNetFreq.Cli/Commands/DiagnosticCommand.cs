using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cli.Commands;

/// <summary>What a frequency diagnostic command's work sees: the model, the labelled images, the method's options and the staged output paths (extra ones by flag).</summary>
internal sealed record DiagnosticRun(ModelSession Session, LabeledImages Data, int[] Labels, MethodOptions Options, string Output, string? Plot,
    IReadOnlyDictionary<string, string> Extra, string ModelName);

/// <summary>
/// The shape every frequency diagnostic command shares (heatmap, filtered-accuracy, corruption-accuracy): a model, labelled
/// images, the method's flags from its descriptor, a required --output and an optional --plot, staged so that nothing is
/// left half-written; the work writes the files and returns the line printed at the end.
/// </summary>
internal static class DiagnosticCommand
{
    public static Command Create(string name, string description, string method, string outputExtension, string outputHelp, string plotHelp, Func<DiagnosticRun, string> work, params Option[] extra)
    {
        var model = new ModelOptions();
        var input = new DataOptions("Test images", labels: "Labels");
        var flags = new MethodFlags(MethodRegistry.All.Single(d => d.Name == method));
        var output = CliOptions.RequiredPath("--output", outputHelp);
        var plot = new Option<string?>("--plot") { Description = plotHelp };
        var command = new Command(name, description) { output, plot };
        foreach (var option in extra)
        {
            command.Add(option);
        }

        input.AddTo(command);
        flags.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string outputPath = outputs.Stage("--output", r.GetRequiredValue(output), outputExtension);
            var staged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var option in extra.OfType<Option<string?>>())
            {
                if (r.GetValue(option) is { } path)
                {
                    staged[option.Name] = outputs.Stage(option.Name, path, ".json");
                }
            }

            string? plotPath = r.GetValue(plot) is { } pp ? outputs.Stage("--plot", pp, ".png") : null;
            using var session = model.Open(r);
            var data = input.LoadFor(r, session);
            var options = flags.Create(r);
            string line = work(new DiagnosticRun(session, data, DataOptions.LabelsOf(data), options, outputPath, plotPath, staged,
                Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model))));
            outputs.Commit();
            Console.Error.WriteLine($"{line} -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }
}
