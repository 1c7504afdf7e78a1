using System.Text.Json;

namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// A registered method: its one name (CLI <c>--method</c>, policy and persistence JSON, reports), what it is, and its
/// options, read by reflection from its options record. Every surface (CLI flags and help, ML.NET options, policy
/// checks, saved models) derives from this, so a method is declared once.
/// </summary>
public sealed class MethodDescriptor
{
    private readonly Func<MethodOptions> _create;

    private MethodDescriptor(string name, MethodKind kind, string summary, Type optionsType, Func<MethodOptions> create)
    {
        Name = name;
        Kind = kind;
        Summary = summary;
        OptionsType = optionsType;
        _create = create;
        Options = MethodOption.Of(create());
    }

    /// <summary>The method's name everywhere, e.g. <c>pgd-l2</c>.</summary>
    public string Name { get; }

    /// <summary>What kind of method it is.</summary>
    public MethodKind Kind { get; }

    /// <summary>One line: what it does and where its defaults come from.</summary>
    public string Summary { get; }

    /// <summary>Its options record type.</summary>
    public Type OptionsType { get; }

    /// <summary>Its options, in a stable order.</summary>
    public IReadOnlyList<MethodOption> Options { get; }

    /// <summary>Declares a method whose options record is <typeparamref name="T"/>.</summary>
    public static MethodDescriptor Of<T>(string name, MethodKind kind, string summary)
        where T : MethodOptions, new() => new(name, kind, summary, typeof(T), () => new T());

    /// <summary>The record with every default.</summary>
    public MethodOptions CreateDefault() => _create();

    /// <summary>The option called <paramref name="name"/>, or null when this method has none.</summary>
    public MethodOption? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    /// <summary>
    /// A copy of <paramref name="options"/> with the named values set. An option this method does not take is a
    /// <see cref="MethodOptionException"/> that lists the ones it does.
    /// </summary>
    public MethodOptions With(MethodOptions options, IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(values);
        if (options.GetType() != OptionsType)
        {
            throw new ArgumentException($"Expected options of {Name} ({OptionsType.Name}), found {options.GetType().Name}.", nameof(options));
        }

        var copy = options.Copy();
        foreach (var (name, value) in values)
        {
            var option = Option(name) ?? throw NotApplicable(name);
            option.Property.SetValue(copy, value);
        }

        return copy;
    }

    /// <summary>The error for an option <paramref name="name"/> that this method does not take.</summary>
    public MethodOptionException NotApplicable(string name)
    {
        var others = MethodRegistry.All.Where(d => d.Kind == Kind && d.Option(name) is not null).Select(d => d.Name).ToArray();
        string where = others.Length > 0 ? $"it applies to {string.Join(", ", others)}" : "no method takes it";
        return new MethodOptionException(name, $"does not apply to {Name} ({where}); {Name} takes {string.Join(", ", Options.Select(o => o.Name))}.");
    }

    /// <summary>The method and the options that differ from its defaults, e.g. <c>pgd (eps=0.1, steps=20)</c>.</summary>
    public string Describe(MethodOptions options)
    {
        var changed = Options.Select(o => (o.Name, Value: o.Property.GetValue(options)))
            .Where((v, i) => !Equals(v.Value, Options[i].Default)).Select(v => $"{v.Name}={MethodOption.Format(v.Value)}").ToArray();
        return changed.Length == 0 ? Name : $"{Name} ({string.Join(", ", changed)})";
    }

    /// <summary>Reads the options of this method from a JSON object; every key but <paramref name="ignored"/> must be one of its options.</summary>
    public MethodOptions Read(JsonElement json, params string[] ignored)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{Name}: expected a JSON object of options, found {json.ValueKind}.");
        }

        // A key given twice would silently take its last value ("eps": 0.3, "eps": 0.01): refused, naming it.
        if (json.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new MethodOptionException(twice.Key, $"expected once, found {twice.Count()} times in the same object.");
        }

        var values = json.EnumerateObject().Where(p => !ignored.Contains(p.Name))
            .Select(p => KeyValuePair.Create(p.Name, (Option(p.Name) ?? throw NotApplicable(p.Name)).Read(p.Value)));
        var options = With(CreateDefault(), values);
        options.Validate();
        return options;
    }

    /// <summary>Writes every option of <paramref name="options"/> (defaults included, so a saved file does not change meaning when a default does).</summary>
    public void Write(Utf8JsonWriter writer, MethodOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var option in Options)
        {
            writer.WritePropertyName(option.Name);
            switch (option.Property.GetValue(options))
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case var v:
                    writer.WriteStringValue(MethodOption.Format(v));
                    break;
            }
        }
    }
}
