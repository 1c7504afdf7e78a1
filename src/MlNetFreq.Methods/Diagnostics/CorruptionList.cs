using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary><c>all</c> (every registered corruption) or a comma-separated list of distinct corruption names.</summary>
public sealed class CorruptionList : IEquatable<CorruptionList>
{
    private CorruptionList(IReadOnlyList<string> names) => Names = names;

    /// <summary>Every registered corruption, in registry order.</summary>
    public static CorruptionList All { get; } = new([]);

    /// <summary>The names given; empty for <see cref="All"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The descriptors selected.</summary>
    public IReadOnlyList<MethodDescriptor> Descriptors => Names.Count == 0
        ? MethodRegistry.All.Where(d => d.Kind == MethodKind.Corruption).ToArray()
        : Names.Select(n => MethodRegistry.Get(n, typeof(CorruptionOptions))).ToArray();

    /// <summary>Parses <c>all</c> or <c>name,name,…</c>.</summary>
    public static CorruptionList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var known = MethodRegistry.All.Where(d => d.Kind == MethodKind.Corruption).Select(d => d.Name).ToArray();
        var names = text.Split(',', StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
        foreach (string name in names)
        {
            if (!known.Contains(name))
            {
                throw new ArgumentException($"corruptions: expected 'all' or a comma-separated list of {string.Join(", ", known)}, found '{name}' in '{text}'.");
            }
        }

        if (names.Distinct().Count() != names.Length)
        {
            throw new ArgumentException($"corruptions: expected distinct names, found a repeated one in '{text}'.");
        }

        return new CorruptionList(names);
    }

    /// <inheritdoc />
    public override string ToString() => Names.Count == 0 ? "all" : string.Join(",", Names);

    /// <inheritdoc />
    public bool Equals(CorruptionList? other) => other is not null && Names.SequenceEqual(other.Names);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CorruptionList);

    /// <inheritdoc />
    public override int GetHashCode() => string.Join(",", Names).GetHashCode(StringComparison.Ordinal);
}
