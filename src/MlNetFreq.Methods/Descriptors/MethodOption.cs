using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace MlNetFreq.Methods.Descriptors;

/// <summary>One option of a method, read from a property of its options record that carries <see cref="MethodOptionAttribute"/>.</summary>
public sealed class MethodOption
{
    internal MethodOption(PropertyInfo property, MethodOptionAttribute attribute, object? defaultValue)
    {
        Property = property;
        Name = attribute.Name;
        Description = attribute.Description;
        Default = defaultValue;
    }

    /// <summary>
    /// The options of any object whose properties carry <see cref="MethodOptionAttribute"/> (an options record, an
    /// experiment), with their values in <paramref name="defaults"/> as defaults: own properties first, then inherited ones.
    /// </summary>
    public static IReadOnlyList<MethodOption> Of(object defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var excluded = defaults.GetType().GetCustomAttributes<OptionDoesNotApplyAttribute>(inherit: false).Select(a => a.Option).ToHashSet(StringComparer.Ordinal);
        return defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<MethodOptionAttribute>(inherit: true), Depth: Depth(p.DeclaringType!)))
            .Where(p => p.Attribute is not null && !excluded.Contains(p.Attribute.Name))
            .OrderByDescending(p => p.Depth).ThenBy(p => p.Property.MetadataToken)
            .Select(p => new MethodOption(p.Property, p.Attribute!, p.Property.GetValue(defaults)))
            .ToArray();
    }

    private static int Depth(Type t)
    {
        int depth = 0;
        for (var b = t.BaseType; b is not null; b = b.BaseType)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>Name (kebab-case), e.g. <c>eps</c>.</summary>
    public string Name { get; }

    /// <summary>What it means for this method.</summary>
    public string Description { get; }

    /// <summary>The record's initial value.</summary>
    public object? Default { get; }

    /// <summary>Value type: double, int, bool, string, an enum, a type with a static Parse(string), or a nullable of one of them.</summary>
    public Type Type => Property.PropertyType;

    /// <summary>The value type without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    /// <summary>The record property it lives in.</summary>
    public PropertyInfo Property { get; }

    /// <summary>Names an enum option accepts (kebab-case, as <see cref="Format"/> writes them; aliases in parentheses); empty otherwise.</summary>
    public IReadOnlyList<string> Choices => ValueType.IsEnum
        ? Enum.GetNames(ValueType).Select(n => EnumText(n) + string.Concat(Aliases(n).Select(a => $" ({a})"))).ToArray()
        : [];

    // The aliases of enum member <paramref name="member"/>: declared on the member, or on this option's property for its text.
    private IEnumerable<string> Aliases(string member) =>
        ValueType.GetField(member)!.GetCustomAttributes<OptionAliasAttribute>().Select(a => a.Alias)
            .Concat(Property.GetCustomAttributes<OptionAliasAttribute>().Where(a => a.Value == EnumText(member)).Select(a => a.Alias));

    /// <summary>The default as text (<c>none</c> for null).</summary>
    public string DefaultText => Format(Default);

    /// <summary>A value as the CLI and JSON write it (invariant culture; enums in lower case; null as <c>none</c>).</summary>
    public static string Format(object? value) => value switch
    {
        null => "none",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => EnumText(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Parses a command-line value (enums case-insensitively; <c>none</c> for a nullable option).</summary>
    public object? Parse(string text)
    {
        if (Nullable.GetUnderlyingType(Type) is not null && text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var t = ValueType;
        if (t == typeof(string))
        {
            return text;
        }

        if (t == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return d;
        }

        if (t == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i))
        {
            return i;
        }

        if (t == typeof(bool) && bool.TryParse(text, out bool b))
        {
            return b;
        }

        if (t.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)]) is { } parse && parse.ReturnType == t && !t.IsPrimitive)
        {
            try
            {
                return parse.Invoke(null, [text]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException or FormatException)
            {
                // The type's own message says what it accepts ("target: expected predicted, label or a class index, …").
                string message = ex.InnerException.Message;
                int colon = message.IndexOf(": ", StringComparison.Ordinal);
                throw new MethodOptionException(Name, colon >= 0 ? message[(colon + 2)..] : message);
            }
        }

        if (t.IsEnum)
        {
            string? match = Enum.GetNames(t).FirstOrDefault(n => EnumText(n).Equals(text, StringComparison.OrdinalIgnoreCase)
                || Aliases(n).Any(a => a.Equals(text, StringComparison.OrdinalIgnoreCase)));
            if (match is not null)
            {
                return Enum.Parse(t, match);
            }
        }

        throw new MethodOptionException(Name, $"expected {Expected}, found '{text}'.");
    }

    /// <summary>
    /// Reads a JSON value: a JSON number for a numeric option, true or false for a boolean one (never the same as a
    /// string: "0.1" in quotes is a typo that would read as a number here and as text elsewhere), a string for enums
    /// and text-parsed types (a number too where the type parses one, e.g. a class index), null for a nullable option.
    /// </summary>
    public object? Read(JsonElement value)
    {
        bool numeric = ValueType == typeof(double) || ValueType == typeof(int), boolean = ValueType == typeof(bool);
        return value.ValueKind switch
        {
            JsonValueKind.Null when Nullable.GetUnderlyingType(Type) is not null || !Type.IsValueType => null,
            JsonValueKind.Number when !boolean && ValueType != typeof(string) => Parse(value.GetRawText()),
            JsonValueKind.True or JsonValueKind.False when boolean => Parse(value.GetRawText()),
            JsonValueKind.String when !numeric && !boolean => Parse(value.GetString()!),
            _ => throw new MethodOptionException(Name, $"expected {Expected}, found {value.GetRawText()}."),
        };
    }

    /// <summary>What a value must look like, for messages.</summary>
    public string Expected =>
        (ValueType == typeof(double) ? "a number"
        : ValueType == typeof(int) ? "an integer"
        : ValueType == typeof(bool) ? "true or false"
        : ValueType.IsEnum ? "one of " + string.Join(", ", Choices)
        : ValueType == typeof(string) ? "text"
        : "text " + ValueType.Name + " parses")
        + (Nullable.GetUnderlyingType(Type) is not null ? " (or none)" : "");

    // PascalCase enum member → kebab-case text: Diagonal → diagonal, LowerBound → lower-bound.
    private static string EnumText(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
