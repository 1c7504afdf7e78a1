using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// The command of a registered operation, made from its definition: the data flags (with <c>--labels</c> when it
/// needs them), the model flags when it runs one, its method's flags, one flag per output (checked and staged before
/// any work, renamed into place when everything is written); the run is one slice through the operation's merge and
/// write, with a progress bar, and ends with the operation's summary.
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
            Data = new DataOptions("Images", labels: operation.NeedsLabels ? "Labels" : null);
            Method = operation.MethodDescriptor is { } descriptor ? new MethodFlags(descriptor) : null;
            Outputs = operation.Outputs.ToDictionary(o => o.Name, o => (Option<string?>)new Option<string?>("--" + o.Name) { Description = o.Help, Required = o.Required });
        }

        public Operation Operation { get; }

        public ModelOptions? Model { get; }

        public DataOptions Data { get; }

        public MethodFlags? Method { get; }

        public IReadOnlyDictionary<string, Option<string?>> Outputs { get; }

        public void AddTo(Command command)
        {
            foreach (var output in Outputs.Values)
            {
                command.Add(output);
            }

            Data.AddTo(command);
            Method?.AddTo(command);
            Model?.AddTo(command);
        }

        /// <summary>The options the command line gives (the method's defaults for flags not typed), or null.</summary>
        public MethodOptions? Options(ParseResult r) => Method?.Create(r);

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
            var staged = flags.Paths(r).ToDictionary(p => p.Output.Name, p => outputs.Stage("--" + p.Output.Name, p.Path, [.. p.Output.Extensions]));
            var options = flags.Options(r);
            using var session = flags.Model?.Open(r);
            var data = session is null ? flags.Data.Load(r) : flags.Data.LoadFor(r, session);
            if (operation.NeedsLabels)
            {
                _ = DataOptions.LabelsOf(data);
            }

            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"{operation.Name}: {n} images", n, advance => operation.Run(session, data, options, ConsoleUi.CountUp(advance)));
            string modelName = flags.Model is null ? "" : Path.GetFileNameWithoutExtension(r.GetRequiredValue(flags.Model.Model));
            operation.Write(result, new OperationWriter(staged, modelName, options, Figures.FigureRenderer.Render));
            outputs.Commit();
            Console.Error.WriteLine($"{operation.Summary(result)} -> {r.GetValue(flags.Outputs["output"])}");
            return 0;
        }));
        return command;
    }
}
