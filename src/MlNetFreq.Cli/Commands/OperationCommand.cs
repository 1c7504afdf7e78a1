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
            Inputs = operation.Inputs.ToDictionary(i => i.Name, i => new Option<string?>("--" + i.Name) { Description = i.Help, Required = i.Required });
            Outputs = operation.Outputs.Where(o => o.Beside is null).ToDictionary(o => o.Name, o => new Option<string?>("--" + o.Name) { Description = o.Help, Required = o.Required });
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
        public OperationParameters Parameters(ParseResult r)
        {
            var given = Operation.Inputs.Where(i => r.GetValue(Inputs[i.Name]) is not null).Select(i => (Input: i, Path: r.GetValue(Inputs[i.Name])!)).ToArray();
            return MethodFlags.Flagged(() => Operation.Check(new OperationParameters(Method?.Create(r), Settings?.Create(r))
            {
                Inputs = given.Where(g => !g.Input.IsText).ToDictionary(g => g.Input.Name, g => NpyFile.ReadImages(g.Path).Data),
                Texts = given.Where(g => g.Input.IsText).ToDictionary(g => g.Input.Name, g => new InputText(g.Path, ReadText(g.Input, g.Path))),
            }));
        }

        // A text input's file, or the error that names its flag.
        private static string ReadText(OperationInput input, string path) => File.Exists(path) ? File.ReadAllText(path)
            : throw new FileNotFoundException($"--{input.Name} {path}: expected a file, found nothing at that path.", path);

        /// <summary>The output paths typed (and those written beside them), by output name.</summary>
        public IEnumerable<(OperationOutput Output, string Path)> Paths(ParseResult r) =>
            Operation.Outputs.Select(o => (o, Path: o.Beside is { } beside ? r.GetValue(Outputs[beside]) is { } p ? o.PathBeside(p) : null : r.GetValue(Outputs[o.Name])))
                .Where(o => o.Path is not null).Select(o => (o.o, o.Path!));
    }

    public static Command Create(Operation operation)
    {
        var flags = new Flags(operation);
        var command = new Command(operation.Name, operation.Description);
        flags.AddTo(command);
        var checkpoint = new Option<int?>("--checkpoint")
        {
            Description = "Keep the result of every this many images in OUTPUT.parts/ as the run goes; a rerun of the same command (same options, model and data) resumes from the parts there, another run's parts are refused; removed once the outputs are written."
                + (operation.DefaultCheckpoint is { } every ? $" Default: {every}." : ""),
            HelpName = "images",
            DefaultValueFactory = _ => operation.DefaultCheckpoint,
        };
        command.Add(checkpoint);
        var retired = operation.RetiredFlags.Select(f => (Option: new Option<string?>("--" + f.Key) { Description = "Retired: " + f.Value, Hidden = true, Arity = ArgumentArity.ZeroOrOne }, Why: f.Value)).ToArray();
        foreach (var (option, _) in retired)
        {
            command.Add(option);
        }

        command.SetAction(r => CommandRunner.Run(() =>
        {
            if (retired.FirstOrDefault(f => r.GetResult(f.Option) is not null) is { Option: not null } used)
            {
                throw new ArgumentException($"{used.Option.Name}: {used.Why}");
            }

            using var outputs = new StagedOutputs();
            var staged = flags.Paths(r).ToDictionary(p => p.Output.Name, p => Stage(outputs, p.Output, p.Path));
            string outputPath = r.GetValue(flags.Outputs[operation.MainOutput.Name])!;
            if (r.GetValue(checkpoint) is not null)
            {
                outputs.StageFolder("--checkpoint", outputPath + ".parts");
            }

            var parameters = flags.Parameters(r);
            using var session = flags.Model?.Open(r);
            int? limit = operation.ImageLimit(parameters) is { } most ? Math.Min(most, r.GetValue(flags.Data.Limit) ?? int.MaxValue) : null;
            var data = session is null ? flags.Data.Load(r, limit, pixels: operation.ReadsPixels) : flags.Data.LoadFor(r, session, limit);
            if (operation.NeedsLabelsFor(parameters))
            {
                _ = DataOptions.LabelsOf(data);
            }

            string? modelPath = flags.Model is null ? null : Path.GetFullPath(r.GetRequiredValue(flags.Model.Model));
            var provenance = new RunProvenance(modelPath, modelPath is null ? null : Methods.Validation.DataFingerprint.FileSha256(modelPath),
                Methods.Validation.DataFingerprint.Sha256(data.Images.Data, data.Labels ?? [])) { DataPath = Path.GetFullPath(flags.Data.ImagesPath(r)) };
            var store = r.GetValue(checkpoint) is { } images
                ? MethodFlags.Flagged(() => new Operations.Resume.PartStore(outputPath + ".parts", images, Operations.Resume.PartStore.Binding(operation, parameters, provenance.ModelSha256, provenance.DataSha256, images)))
                : null;
            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"{operation.Name}: {n} images", n, advance =>
                MethodFlags.Flagged(() => operation.Run(session, data, parameters, ConsoleUi.CountUp(advance), store, new StageLines())));
            if (store is { Resumed: > 0 })
            {
                Console.Error.WriteLine($"resumed {store.Resumed} part(s) of {store.ImagesPerPart} images from {store.Folder}");
            }

            string modelName = modelPath is null ? "" : Path.GetFileNameWithoutExtension(modelPath);
            operation.Write(result, new OperationWriter(staged, modelName, parameters, Figures.FigureRenderer.Render, (name, file) => outputs.Stage("--" + name, file)) { Provenance = provenance });
            outputs.Commit();
            store?.Delete();
            Console.Error.WriteLine($"{operation.Summary(result)} -> {outputPath}");
            if (operation.Failure(result) is { } failure)
            {
                Console.Error.WriteLine(failure);
                return ExitCodes.CheckFailed;
            }

            return 0;
        }));
        return command;
    }

    // Progress inside each stage of a slice (e.g. each attack of AutoAttack), a line at every tenth, on stderr.
    private sealed class StageLines : IProgress<(string Stage, int Done, int Total)>
    {
        private readonly Dictionary<string, (ProgressLog Log, int Shown)> _stages = new(StringComparer.Ordinal);

        public void Report((string Stage, int Done, int Total) value)
        {
            var (log, shown) = _stages.TryGetValue(value.Stage, out var known) && known.Shown <= value.Done ? known
                : (new ProgressLog(value.Stage, value.Total, Console.Error), 0);
            log.Advance(value.Done - shown);
            _stages[value.Stage] = (log, value.Done);
        }
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
