using System.Text.Json;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Operations;

/// <summary>
/// One operation, defined once: its name, the method whose options it takes (one, or a family to choose from, both from
/// <see cref="MethodRegistry"/>), its own settings, what it needs (a model, labels, extra inputs), the files it writes,
/// and four functions — measure a slice of rows given their global indices, merge the parts of consecutive slices
/// exactly, write the merged result, summarise it for a person. The command line, the cluster job and the C# entry
/// (<c>Run</c>) are made from it; a
/// one-machine run is one slice through the same merge and write, so k slices merged write the same bytes as one run.
/// </summary>
public abstract class Operation
{
    /// <summary>JSON of parts: arrays of floats as base64 of their little-endian bytes (exact and compact).</summary>
    protected static readonly JsonSerializerOptions PartJson = new() { Converters = { new FloatArrayJsonConverter() } };

    /// <summary>The operation's name (the command, the job's operation).</summary>
    public abstract string Name { get; }

    /// <summary>What it does, for help texts.</summary>
    public abstract string Description { get; }

    /// <summary>The registry name of the one method whose options it takes, or null.</summary>
    public virtual string? Method => null;

    /// <summary>The methods it lets a run choose among (e.g. every attack), or null.</summary>
    public virtual MethodFamily? Methods => null;

    /// <summary>Its own settings (an options record of kind <see cref="MethodKind.Settings"/>), or null.</summary>
    public virtual MethodDescriptor? Settings => null;

    /// <summary>Extra arrays it reads besides the images, all optional.</summary>
    public virtual IReadOnlyList<OperationInput> Inputs => [];

    /// <summary>Whether it runs a model.</summary>
    public virtual bool NeedsModel => true;

    /// <summary>Whether it needs the images' labels.</summary>
    public virtual bool NeedsLabels => false;

    /// <summary>Whether it reads labels at all (some use them when given).</summary>
    public virtual bool TakesLabels => NeedsLabels;

    /// <summary>Whether a run with <paramref name="parameters"/> needs labels (e.g. an attribution that explains the true class).</summary>
    public virtual bool NeedsLabelsFor(OperationParameters parameters) => NeedsLabels;

    /// <summary>
    /// How many of the data set's first images every slice sees as <see cref="OperationSlice.Head"/> (checks made once per
    /// data set, e.g. AutoAttack's before-run checks), so that no result depends on the split; 0 for none.
    /// </summary>
    public virtual int HeadImages => 0;

    /// <summary>The part size of a checkpointed run when none is asked for (null: no checkpoint unless asked).</summary>
    public virtual int? DefaultCheckpoint => null;

    /// <summary>Retired flags of its command, by name, with what to use instead (the command refuses them with that text).</summary>
    public virtual IReadOnlyDictionary<string, string> RetiredFlags { get; } = new Dictionary<string, string>();

    /// <summary>Whether its images are pixels (finite, in [0, 1]); false for a transform of any float tensor.</summary>
    public virtual bool ReadsPixels => true;

    /// <summary>The files it writes; the first is its main output (required; a checkpoint's parts go beside it).</summary>
    public abstract IReadOnlyList<OperationOutput> Outputs { get; }

    /// <summary>The main output: the first of <see cref="Outputs"/>.</summary>
    public OperationOutput MainOutput => Outputs[0];

    /// <summary>The most images a run with <paramref name="parameters"/> reads (e.g. a policy's limit), or null for all.</summary>
    public virtual int? ImageLimit(OperationParameters parameters) => null;

    /// <summary>What failed, for a result that answers a question with no (a gate whose check failed: exit code 3), or null.</summary>
    public virtual string? Failure(object result) => null;

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
    /// The C# entry: measures every image — as one slice (global indices from 0), or with a <paramref name="store"/> in
    /// slices of its part size, each kept as it is done and read back on a rerun — and merges the parts as the cluster
    /// merges its shards; write the result with <see cref="Write"/>. Checks the parameters and the input contract first.
    /// <paramref name="progress"/> counts images done; <paramref name="stages"/> reports inside a slice's stages.
    /// </summary>
    public object Run(ModelSession? model, LabeledImages data, OperationParameters? parameters = null, IProgress<int>? progress = null,
        Resume.PartStore? store = null, IProgress<(string Stage, int Done, int Total)>? stages = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var checkedParameters = Check(parameters);
        OperationInputs.Check(this, model, data, checkedParameters);
        CheckAgainst(checkedParameters, model, data.Images.Shape);
        int n = data.Images.Shape.N, size = store?.ImagesPerPart ?? Math.Max(n, 1), length = data.Images.Shape.ImageLength;
        var head = HeadImages > 0 ? data.Take(HeadImages) : null;
        var parts = new List<object>();
        for (int start = 0; start < n || parts.Count == 0; start += size)
        {
            int count = Math.Min(size, n - start);
            object? part = store?.TryRead(this, start, count);
            if (part is null)
            {
                var slice = new OperationSlice(model, data.Images.Data.AsSpan(start * length, count * length).ToArray(), data.Labels?[start..(start + count)],
                    data.Images.Shape with { N = count }, start, checkedParameters)
                {
                    Total = n,
                    Progress = progress is null ? null : new OffsetProgress(progress, start), StageProgress = stages, Head = head, ClassNames = data.ClassNames,
                };
                part = Measure(slice);
                store?.Write(this, start, count, part);
            }

            parts.Add(part);
            progress?.Report(start + count);
        }

        return Merge(parts);
    }

    // Images done in a slice, as images done in the whole run.
    private sealed class OffsetProgress(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }

    /// <summary>The C# entry with method options only.</summary>
    public object Run(ModelSession? model, LabeledImages data, MethodOptions? options, IProgress<int>? progress = null) =>
        Run(model, data, new OperationParameters(options), progress);

    /// <summary>
    /// Throws (naming the option) when the parameters cannot be meant for this model or these images — e.g. a cut-off
    /// that splits nothing off its images. Run by <c>Run</c>
    /// and by cluster submission before any work; <paramref name="model"/> is null for an operation without one.
    /// </summary>
    public virtual void CheckAgainst(OperationParameters parameters, ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
    }

    /// <summary>
    /// <paramref name="parameters"/> checked — the options against <see cref="Method"/> or <see cref="Methods"/>, the
    /// settings against <see cref="Settings"/>, the inputs' names — with the defaults for what is not given.
    /// </summary>
    public OperationParameters Check(OperationParameters? parameters)
    {
        var given = parameters ?? new OperationParameters();
        foreach (string name in given.Inputs.Keys.Where(k => !Inputs.Any(i => i.Name == k && !i.IsText)).Concat(given.Texts.Keys.Where(k => !Inputs.Any(i => i.Name == k && i.IsText))))
        {
            throw new ArgumentException($"{name}: {Name} reads no input of that name and kind; it reads {(Inputs.Count == 0 ? "none" : string.Join(", ", Inputs.Select(i => i.Name + (i.IsText ? " (text)" : " (array)"))))}.");
        }

        foreach (var missing in Inputs.Where(i => i.Required && !(i.IsText ? given.Texts.ContainsKey(i.Name) : given.Inputs.ContainsKey(i.Name))))
        {
            throw new MethodOptionException(missing.Name, $"{Name} needs it ({missing.Help}); found none.");
        }

        return given with { Options = OptionsOrDefault(given.Options), Settings = SettingsOrDefault(given.Settings) };
    }

    /// <summary><paramref name="options"/> checked against <see cref="Method"/> or <see cref="Methods"/>, or the one method's defaults when null.</summary>
    public MethodOptions? OptionsOrDefault(MethodOptions? options)
    {
        if (Methods is { } family)
        {
            var chosen = options ?? throw new MethodOptionException(family.Selector, $"{Name} needs one of {string.Join(", ", family.Methods.Select(d => d.Name))}, found none.");
            if (!family.OptionsBase.IsInstanceOfType(chosen))
            {
                throw new MethodOptionException(family.Selector, $"{Name} takes one of {string.Join(", ", family.Methods.Select(d => d.Name))}, found {MethodRegistry.Of(chosen).Name}.");
            }

            chosen.Validate();
            return chosen;
        }

        var descriptor = MethodDescriptor;
        if (descriptor is null)
        {
            return options is null ? null : throw new ArgumentException($"options: {Name} takes no method options, found {MethodRegistry.Of(options).Name}'s.");
        }

        var single = options ?? descriptor.CreateDefault();
        if (single.GetType() != descriptor.OptionsType)
        {
            throw new ArgumentException($"options: {Name} takes {descriptor.Name} options, found {MethodRegistry.Of(single).Name}'s.");
        }

        single.Validate();
        return single;
    }

    /// <summary><paramref name="settings"/> checked against <see cref="Settings"/>, or its defaults when null.</summary>
    public MethodOptions? SettingsOrDefault(MethodOptions? settings)
    {
        if (Settings is not { } descriptor)
        {
            return settings is null ? null : throw new ArgumentException($"settings: {Name} takes none, found {settings.GetType().Name}.");
        }

        var chosen = settings ?? descriptor.CreateDefault();
        if (chosen.GetType() != descriptor.OptionsType)
        {
            throw new ArgumentException($"settings: {Name} takes {descriptor.OptionsType.Name}, found {chosen.GetType().Name}.");
        }

        chosen.Validate();
        return chosen;
    }

    /// <summary>Options as a job's JSON (the registry's form), or an empty text for none; read back by <see cref="OptionsFromJson"/>.</summary>
    public static string OptionsToJson(MethodOptions? options) => options is null ? "" : JsonSerializer.Serialize(options, MethodRegistry.Json);

    /// <summary>Options from a job's JSON (the registry's form), or the defaults for an empty text.</summary>
    public MethodOptions? OptionsFromJson(string json) =>
        string.IsNullOrEmpty(json) ? OptionsOrDefault(null) : OptionsOrDefault(JsonSerializer.Deserialize<MethodOptions>(json, MethodRegistry.Json));

    /// <summary>The settings as a JSON object of option names and values (empty text for none).</summary>
    public string SettingsToJson(MethodOptions? settings)
    {
        if (Settings is not { } descriptor || settings is null)
        {
            return "";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            descriptor.Write(writer, settings);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Settings read back from <see cref="SettingsToJson"/> (strictly: unknown keys are errors), or the defaults for an empty text.</summary>
    public MethodOptions? SettingsFromJson(string json)
    {
        if (string.IsNullOrEmpty(json) || Settings is not { } descriptor)
        {
            return SettingsOrDefault(null);
        }

        using var document = JsonDocument.Parse(json);
        return SettingsOrDefault(descriptor.Read(document.RootElement));
    }

    /// <summary>The extra inputs of <paramref name="parameters"/> (arrays and texts) as JSON (empty text for none).</summary>
    public static string InputsToJson(OperationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Inputs.Count == 0 && parameters.Texts.Count == 0 ? ""
            : JsonSerializer.Serialize(new InputsDocument(
                parameters.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal).ToDictionary(), parameters.Texts.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary()), PartJson);
    }

    /// <summary><paramref name="parameters"/> with the extra inputs read back from <see cref="InputsToJson"/>.</summary>
    public static OperationParameters WithInputsFromJson(OperationParameters parameters, string json)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (string.IsNullOrEmpty(json))
        {
            return parameters;
        }

        var document = JsonSerializer.Deserialize<InputsDocument>(json, PartJson) ?? throw new JsonException("expected the job's inputs, found null.");
        return parameters with { Inputs = document.Arrays ?? [], Texts = document.Texts ?? [] };
    }

    private sealed record InputsDocument(Dictionary<string, float[]>? Arrays, Dictionary<string, InputText>? Texts);
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
    public sealed override string PartToJson(object part) => JsonSerializer.Serialize((TPart)part, PartJson);

    /// <inheritdoc />
    public sealed override object PartFromJson(string json) => JsonSerializer.Deserialize<TPart>(json, PartJson) ?? throw new InvalidDataException($"{Name}: expected a part, found null.");

    /// <summary>Measures one slice.</summary>
    protected abstract TPart MeasureSlice(OperationSlice slice);

    /// <summary>Two consecutive parts as one.</summary>
    protected abstract TPart Add(TPart first, TPart second);

    /// <summary>Writes the merged result.</summary>
    protected abstract void Write(TPart result, OperationWriter writer);

    /// <summary>One line for a person.</summary>
    protected abstract string Summarise(TPart result);
}
