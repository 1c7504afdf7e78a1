using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Operations;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// The command of a registered operation, made from its definition: the data flags (with <c>--labels</c> when it
/// reads them), the model flags when it runs one, its method's flags (with <c>--method</c> or its like for a family),
/// its settings' flags, one flag per extra input and per output (checked and staged before any work, renamed into place
/// when everything is written); the run is one slice through the operation's merge and write, with a progress bar, and
/// ends with the operation's summary.
/// </summary>
internal static class OperationCommand
{
    /// <summary>The flags an operation's command and its cluster job share (the job adds its connection and shard flags).</summary>
    internal sealed class Flags
    {
        public Flags(Operation operation)
        {
            Operation = operation;
            Model = operation.NeedsModel ? new ModelOptions() : null;
            Data = new DataOptions("Images", labels: operation.TakesLabels ? (operation.NeedsLabels ? "Labels" : "Labels (used when given)") : null);
            Method = operation.Methods is { } family ? new MethodFlags(family)
                : operation.MethodDescriptor is { } descriptor ? new MethodFlags(descriptor) : null;
            Settings = operation.Settings is { } settings ? new MethodFlags(settings) : null;
            Inputs = operation.Inputs.ToDictionary(i => i.Name, i => new Option<string?>("--" + i.Name) { Description = i.Help });
            Outputs = operation.Outputs.ToDictionary(o => o.Name, o => new Option<string?>("--" + o.Name) { Description = o.Help, Required = o.Required });
        }

        public Operation Operation { get; }

        public ModelOptions? Model { get; }

        public DataOptions Data { get; }

        public MethodFlags? Method { get; }

        public MethodFlags? Settings { get; }

        public IReadOnlyDictionary<string, Option<string?>> Inputs { get; }

        public IReadOnlyDictionary<string, Option<string?>> Outputs { get; }

        public void AddTo(Command command)
        {
            foreach (var output in Outputs.Values)
            {
                command.Add(output);
            }

            Data.AddTo(command);
            AddParametersTo(command);
            Model?.AddTo(command);
        }

        /// <summary>The flags of the run's parameters: the extra inputs, the method's and the settings' flags.</summary>
        public void AddParametersTo(Command command)
        {
            foreach (var input in Inputs.Values)
            {
                command.Add(input);
            }

            Method?.AddTo(command);
            Settings?.AddTo(command);
        }

        /// <summary>The parameters the command line gives (defaults for flags not typed), checked by the operation.</summary>
        public OperationParameters Parameters(ParseResult r) => MethodFlags.Flagged(() => Operation.Check(new OperationParameters(Method?.Create(r), Settings?.Create(r))
        {
            Inputs = Inputs.Where(i => r.GetValue(i.Value) is not null).ToDictionary(i => i.Key, i => NpyFile.ReadImages(r.GetValue(i.Value)!).Data),
        }));

        /// <summary>The output paths typed, by output name.</summary>
        public IEnumerable<(OperationOutput Output, string Path)> Paths(ParseResult r) =>
            Operation.Outputs.Where(o => r.GetValue(Outputs[o.Name]) is not null).Select(o => (o, r.GetValue(Outputs[o.Name])!));
    }

    public static Command Create(Operation operation)
    {
        var flags = new Flags(operation);
        var command = new Command(operation.Name, operation.Description);
        flags.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            var staged = flags.Paths(r).ToDictionary(p => p.Output.Name, p => Stage(outputs, p.Output, p.Path));
            var parameters = flags.Parameters(r);
            using var session = flags.Model?.Open(r);
            var data = session is null ? flags.Data.Load(r, pixels: operation.ReadsPixels) : flags.Data.LoadFor(r, session);
            if (operation.NeedsLabelsFor(parameters))
            {
                _ = DataOptions.LabelsOf(data);
            }

            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"{operation.Name}: {n} images", n, advance => MethodFlags.Flagged(() => operation.Run(session, data, parameters, ConsoleUi.CountUp(advance))));
            string modelName = flags.Model is null ? "" : Path.GetFileNameWithoutExtension(r.GetRequiredValue(flags.Model.Model));
            operation.Write(result, new OperationWriter(staged, modelName, parameters, Figures.FigureRenderer.Render, (name, file) => outputs.Stage("--" + name, file, ".png")));
            outputs.Commit();
            Console.Error.WriteLine($"{operation.Summary(result)} -> {r.GetValue(flags.Outputs["output"])}");
            return 0;
        }));
        return command;
    }

    // A file output is staged as a temporary sibling; a folder output is checked (created) now, its files staged as written.
    private static string Stage(StagedOutputs outputs, OperationOutput output, string path)
    {
        if (output.IsFolder)
        {
            outputs.StageFolder("--" + output.Name, path);
            return path;
        }

        return outputs.Stage("--" + output.Name, path, [.. output.Extensions]);
    }
}
