using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Operations;

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
    public IReadOnlyList<string> OutputExtensions => operation.Outputs.Single(o => o.Name == "output").Extensions;

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => operation.NeedsLabels;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        _ = operation.OptionsFromJson(job.OptionsJson);
        foreach (var (name, path) in new[] { ("report", job.ReportPath), ("plot", job.PlotPath) })
        {
            if (path is null)
            {
                continue;
            }

            var output = operation.Outputs.FirstOrDefault(o => o.Name == name)
                ?? throw new ArgumentException($"--{name}: {operation.Name} writes no {name}; it writes {string.Join(", ", operation.Outputs.Select(o => "--" + o.Name))}.");
            Data.Outputs.OutputTarget.Check("--" + name, path, [("--input", job.DataPath), ("--labels", job.LabelsPath), ("--model", job.ModelPath)], [.. output.Extensions]);
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
        var part = operation.Measure(new OperationSlice(model, images, labels, shape, shard.Start, operation.OptionsFromJson(job.OptionsJson)));
        File.WriteAllText(Path.Combine(folder, PartFile), operation.PartToJson(part));
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        var result = operation.Merge([.. folders.Select(f => operation.PartFromJson(File.ReadAllText(Path.Combine(f, PartFile))))]);
        var finals = new Dictionary<string, string> { ["output"] = job.OutputPath };
        foreach (var (name, path) in new[] { ("report", job.ReportPath), ("plot", job.PlotPath) })
        {
            if (path is not null)
            {
                finals[name] = path;
            }
        }

        // Every file is written under a temporary sibling name and renamed only when all are written.
        var temporaries = finals.ToDictionary(f => f.Key, f => Path.Combine(Path.GetDirectoryName(f.Value)!, $".{Path.GetFileNameWithoutExtension(f.Value)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(f.Value)}"));
        try
        {
            string modelName = job.ModelPath is null ? "" : Path.GetFileNameWithoutExtension(job.ModelPath);
            operation.Write(result, new OperationWriter(temporaries, modelName, operation.OptionsFromJson(job.OptionsJson)));
            foreach (var (name, temporary) in temporaries)
            {
                File.Move(temporary, finals[name], overwrite: true);
            }
        }
        finally
        {
            foreach (string temporary in temporaries.Values.Where(File.Exists))
            {
                File.Delete(temporary);
            }
        }
    }
}
