using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Operations;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// The cluster job of a registered <see cref="Operation"/>, made from its definition alone: a shard is the operation's
/// measurement of the shard's rows (global indices, so seeds do not depend on the split), kept as JSON; the merge is the
/// operation's own merge of the parts in shard order, written by the operation to the job's outputs — so the files
/// are those one machine writes.
/// </summary>
public sealed class RegisteredShards(Operation operation) : IShardOperation
{
    private const string PartFile = "part.json";

    /// <inheritdoc />
    public string Name => operation.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> OutputExtensions => operation.MainOutput.Extensions;

    /// <inheritdoc />
    public bool PlotIsFolder => operation.Outputs.Any(o => o.Name == "plot" && o.IsFolder);

    /// <inheritdoc />
    public bool ReadsPixels => operation.ReadsPixels;

    /// <summary>The job's parameters: its options, settings and inputs, checked by the operation.</summary>
    public OperationParameters Parameters(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return operation.Check(Operation.WithInputsFromJson(new OperationParameters(operation.OptionsFromJson(job.OptionsJson), operation.SettingsFromJson(job.SettingsJson)), job.InputsJson));
    }

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => operation.NeedsLabelsFor(Parameters(job));

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(job);
        operation.CheckAgainst(Parameters(job), model, shape);

        (string, string?)[] inputs = [("--input", job.DataPath), ("--labels", job.LabelsPath), ("--model", job.ModelPath)];
        foreach (var beside in operation.Outputs.Where(o => o.Beside == operation.MainOutput.Name))
        {
            Data.Outputs.OutputTarget.Check("--output", beside.PathBeside(job.OutputPath), inputs, [.. beside.Extensions]);
        }

        // Two outputs on one file: the second would replace the first.
        if (Optional(job).Select(o => (Name: o.Key, Path: Path.GetFullPath(o.Value))).Prepend((Name: operation.MainOutput.Name, Path: Path.GetFullPath(job.OutputPath)))
            .GroupBy(o => o.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"--{twice.Last().Name} {twice.Key}: expected a path of its own, found the one --{twice.First().Name} already writes.");
        }

        // The other outputs' contract, as for --output and --report: their format's extension, never an input, a folder that exists.
        foreach (var (name, path) in job.OtherOutputs())
        {
            var output = operation.Outputs.FirstOrDefault(o => o.Name == name) ?? throw new ArgumentException($"--{name}: {operation.Name} writes no {name}.");
            Data.Outputs.OutputTarget.Check("--" + name, path, inputs, [.. output.Extensions]);
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is not { } folder || !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"--{name} {path}: expected its folder to exist on shared storage, found none.");
            }
        }

        foreach (var required in operation.Outputs.Where(o => o.Required && o != operation.MainOutput && o.Beside is null && !Optional(job).Any(n => n.Key == o.Name)))
        {
            throw new ArgumentException($"--{required.Name}: {operation.Name} needs it ({required.Help}); found none.");
        }

        // The paths themselves are checked by ClusterJobs.Prepare, as for every job; here: does the operation write them?
        foreach (string name in Optional(job).Select(o => o.Key))
        {
            if (!operation.Outputs.Any(o => o.Name == name))
            {
                throw new ArgumentException($"--{name}: {operation.Name} writes no {name}; it writes {string.Join(", ", operation.Outputs.Select(o => "--" + o.Name))}.");
            }
        }

        if (job.PlotPath is not null && FigureOutput.Renderer is null)
        {
            throw new NotSupportedException("--plot: this client cannot draw figures (no renderer); leave --plot out.");
        }
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var (images, labels, shape) = inputs.Slice(job, shard);
        var model = operation.NeedsModel ? inputs.Model(job) : null;
        var slice = new OperationSlice(model, images, operation.TakesLabels ? labels : null, shape, shard.Start, Parameters(job))
        {
            Total = job.Images,
            ClassNames = inputs.ClassNames(job), Head = operation.HeadImages > 0 ? Head(job, inputs) : null,
        };
        File.WriteAllText(Path.Combine(folder, PartFile), operation.PartToJson(operation.Measure(slice)));
    }

    /// <summary>The merged result of the finished shard folders (in shard order).</summary>
    public object Result(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        return operation.Merge([.. folders.Select(f => operation.PartFromJson(File.ReadAllText(Path.Combine(f, PartFile))))]);
    }

    /// <summary>
    /// What failed in the merged result (<see cref="Operation.Failure"/>), or null. The parts are read again only for an
    /// operation that can answer no (one that overrides <see cref="Operation.Failure"/>, e.g. <c>validate</c>): the
    /// others' parts (adversarial images, spectra) are not read a second time after the merge.
    /// </summary>
    public string? Failure(IReadOnlyList<string> folders) =>
        operation.GetType().GetMethod(nameof(Operation.Failure))!.DeclaringType == typeof(Operation) ? null : operation.Failure(Result(folders));

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        var result = Result(folders);
        var outputs = new Dictionary<string, string>(Optional(job)) { [operation.MainOutput.Name] = job.OutputPath };
        foreach (var beside in operation.Outputs.Where(o => o.Beside is not null))
        {
            outputs[beside.Name] = beside.PathBeside(outputs[beside.Beside!]);
        }

        var files = outputs.Where(o => !IsFolder(o.Key)).ToDictionary();
        string modelName = job.ModelPath is null ? "" : Path.GetFileNameWithoutExtension(job.ModelPath);
        ShardFiles.WriteAll(files, temporaries => ShardFiles.WriteInFolders(stage =>
        {
            var paths = outputs.ToDictionary(o => o.Key, o => IsFolder(o.Key) ? o.Value : temporaries[o.Key]);
            operation.Write(result, new OperationWriter(paths, modelName, Parameters(job), stageFile: (_, file) => stage(file)) { Provenance = Provenance(job) });
        }));
    }

    // The job's first images, as every slice of one machine sees them.
    private Data.Tensors.LabeledImages Head(JobDefinition job, ShardInputs inputs)
    {
        var (images, labels, shape) = inputs.Slice(job, new ShardRange(0, 0, Math.Min(operation.HeadImages, job.Images)));
        return new Data.Tensors.LabeledImages(new Data.Tensors.ImageTensor(images, shape), labels);
    }

    // What the job measured, as its definition records it (hashed now for a definition that skipped ClusterJobs.Prepare).
    private static RunProvenance Provenance(JobDefinition job) => new(job.ModelPath,
        job.ModelPath is null ? null : job.ModelSha256 ?? Methods.Validation.DataFingerprint.FileSha256(job.ModelPath),
        job.DataSha256 ?? ShardInputs.Fingerprint(Data.Formats.DataSources.Load(job.DataPath, job.LabelsPath, job.Images), job.Images)) { DataPath = job.DataPath };

    private bool IsFolder(string output) => operation.Outputs.Any(o => o.Name == output && o.IsFolder);

    // The optional outputs the job names, by output name.
    private static IEnumerable<KeyValuePair<string, string>> Optional(JobDefinition job) =>
        new[] { ("report", job.ReportPath), ("plot", job.PlotPath) }.Where(o => o.Item2 is not null).Select(o => KeyValuePair.Create(o.Item1, o.Item2!)).Concat(job.OtherOutputs());
}
