using System.Text.Json;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Operations;

/// <summary>
/// One operation, defined once: its name, the method whose options it takes (from <see cref="MethodRegistry"/>), what
/// it needs (a model, labels), the files it writes, and four functions — measure a slice of rows given their global
/// indices, merge the parts of consecutive slices exactly, write the merged result, summarise it for a person. The
/// command line, the cluster job and the C# entry (<see cref="Run"/>) are made from it; a one-machine run is one slice
/// through the same merge and write, so k slices merged write the same bytes as one run.
/// </summary>
public abstract class Operation
{
    /// <summary>The operation's name (the command, the job's operation).</summary>
    public abstract string Name { get; }

    /// <summary>What it does, for help texts.</summary>
    public abstract string Description { get; }

    /// <summary>The registry name of the method whose options it takes, or null for none.</summary>
    public virtual string? Method => null;

    /// <summary>Whether it runs a model.</summary>
    public virtual bool NeedsModel => true;

    /// <summary>Whether it needs the images' labels.</summary>
    public virtual bool NeedsLabels => false;

    /// <summary>The files it writes; <c>output</c> is always among them and required.</summary>
    public abstract IReadOnlyList<OperationOutput> Outputs { get; }

    /// <summary>The descriptor of <see cref="Method"/>, or null.</summary>
    public MethodDescriptor? MethodDescriptor => Method is { } name ? MethodRegistry.All.Single(d => d.Name == name) : null;

    /// <summary>Measures one slice into a part (a JSON-serialisable value).</summary>
    public abstract object Measure(OperationSlice slice);

    /// <summary>The parts of consecutive slices, in order, as one result (exactly: no result depends on the split).</summary>
    public abstract object Merge(IReadOnlyList<object> parts);

    /// <summary>Writes the merged result to the outputs <paramref name="writer"/> names.</summary>
    public abstract void Write(object result, OperationWriter writer);

    /// <summary>One line for a person: what was measured.</summary>
    public abstract string Summary(object result);

    /// <summary>A part as JSON (a shard's file).</summary>
    public abstract string PartToJson(object part);

    /// <summary>A part read back from <see cref="PartToJson"/>.</summary>
    public abstract object PartFromJson(string json);

    /// <summary>
    /// The C# entry: measures every image as one slice (global indices from 0) and merges it as the cluster merges its
    /// shards; write the result with <see cref="Write"/>. Checks the options and the input contract first.
    /// </summary>
    public object Run(Onnx.Sessions.ModelSession? model, Data.Tensors.LabeledImages data, MethodOptions? options = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var checkedOptions = OptionsOrDefault(options);
        OperationInputs.Check(this, model, data);
        if (model is not null)
        {
            CheckAgainstModel(checkedOptions, model);
        }

        var slice = new OperationSlice(model, data.Images.Data, data.Labels, data.Images.Shape, 0, checkedOptions) { Progress = progress };
        return Merge([Measure(slice)]);
    }

    /// <summary>
    /// Throws (naming the option) when the options cannot be meant for this model — e.g. a cut-off that splits nothing
    /// off its images. Run by <see cref="Run"/> and by cluster submission before any work.
    /// </summary>
    public virtual void CheckAgainstModel(MethodOptions? options, Onnx.Sessions.ModelSession model)
    {
    }

    /// <summary><paramref name="options"/> checked against <see cref="Method"/>, or the method's defaults when null.</summary>
    public MethodOptions? OptionsOrDefault(MethodOptions? options)
    {
        var descriptor = MethodDescriptor;
        if (descriptor is null)
        {
            return options is null ? null : throw new ArgumentException($"options: {Name} takes no method options, found {MethodRegistry.Of(options).Name}'s.");
        }

        var chosen = options ?? descriptor.CreateDefault();
        if (chosen.GetType() != descriptor.OptionsType)
        {
            throw new ArgumentException($"options: {Name} takes {descriptor.Name} options, found {MethodRegistry.Of(chosen).Name}'s.");
        }

        chosen.Validate();
        return chosen;
    }

    /// <summary>Options from a job's JSON (the registry's form), or the defaults for an empty text.</summary>
    public MethodOptions? OptionsFromJson(string json) =>
        string.IsNullOrEmpty(json) ? OptionsOrDefault(null) : OptionsOrDefault(JsonSerializer.Deserialize<MethodOptions>(json, MethodRegistry.Json));
}

/// <summary>An operation whose parts are <typeparamref name="TPart"/>: the typed form every operation is written in.</summary>
/// <typeparam name="TPart">A slice's measurement, and the merged result.</typeparam>
public abstract class Operation<TPart> : Operation
    where TPart : class
{
    /// <inheritdoc />
    public sealed override object Measure(OperationSlice slice) => MeasureSlice(slice);

    /// <inheritdoc />
    public sealed override object Merge(IReadOnlyList<object> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count == 0 ? throw new ArgumentException("parts: expected at least one part, found none.") : parts.Cast<TPart>().Aggregate(Add);
    }

    /// <inheritdoc />
    public sealed override void Write(object result, OperationWriter writer) => Write((TPart)result, writer);

    /// <inheritdoc />
    public sealed override string Summary(object result) => Summarise((TPart)result);

    /// <inheritdoc />
    public sealed override string PartToJson(object part) => JsonSerializer.Serialize((TPart)part);

    /// <inheritdoc />
    public sealed override object PartFromJson(string json) => JsonSerializer.Deserialize<TPart>(json) ?? throw new InvalidDataException($"{Name}: expected a part, found null.");

    /// <summary>Measures one slice.</summary>
    protected abstract TPart MeasureSlice(OperationSlice slice);

    /// <summary>Two consecutive parts as one.</summary>
    protected abstract TPart Add(TPart first, TPart second);

    /// <summary>Writes the merged result.</summary>
    protected abstract void Write(TPart result, OperationWriter writer);

    /// <summary>One line for a person.</summary>
    protected abstract string Summarise(TPart result);
}
