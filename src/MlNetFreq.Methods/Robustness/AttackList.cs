namespace MlNetFreq;

/// <summary>
/// The attacks of an AutoAttack run, in order: a comma-separated list of <see cref="Names"/> (e.g.
/// <c>apgd-ce,square</c>), or <c>version</c> for the list of the chosen <see cref="AutoAttackVersion"/>.
/// </summary>
public sealed class AttackList : IEquatable<AttackList>
{
    /// <summary>Attacks an ensemble can run.</summary>
    public static IReadOnlyList<string> Names { get; } = ["apgd-ce", "apgd-dlr", "apgd-t", "fab", "fab-t", "square"];

    private AttackList(IReadOnlyList<string> attacks) => Attacks = attacks;

    /// <summary>The version's own list.</summary>
    public static AttackList Version { get; } = new([]);

    /// <summary>The attacks named; empty for the version's list.</summary>
    public IReadOnlyList<string> Attacks { get; }

    /// <summary>Parses <c>version</c> or a comma-separated list of distinct names from <see cref="Names"/>.</summary>
    public static AttackList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("version", StringComparison.OrdinalIgnoreCase))
        {
            return Version;
        }

        var items = text.Split(',', StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).ToArray();
        foreach (string item in items)
        {
            if (!Names.Contains(item))
            {
                throw new ArgumentException($"attacks: expected 'version' or a comma-separated list of {string.Join(", ", Names)}, found '{item}' in '{text}'.");
            }
        }

        if (items.Distinct().Count() != items.Length)
        {
            throw new ArgumentException($"attacks: expected each attack once, found '{text}'.");
        }

        return new AttackList(items);
    }

    /// <summary>The attacks to run for <paramref name="version"/>: this list, or the version's.</summary>
    public IReadOnlyList<string> For(AutoAttackVersion version) => Attacks.Count > 0 ? Attacks : version switch
    {
        AutoAttackVersion.Plus => ["apgd-ce", "apgd-dlr", "fab", "square", "apgd-t", "fab-t"],
        _ => ["apgd-ce", "apgd-t", "fab-t", "square"],
    };

    /// <inheritdoc />
    public override string ToString() => Attacks.Count == 0 ? "version" : string.Join(",", Attacks);

    /// <inheritdoc />
    public bool Equals(AttackList? other) => other is not null && Attacks.SequenceEqual(other.Attacks);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AttackList);

    /// <inheritdoc />
    public override int GetHashCode() => string.Join(",", Attacks).GetHashCode(StringComparison.Ordinal);
}

/// <summary>Which attacks AutoAttack runs and how often each restarts (the reference's versions).</summary>
public enum AutoAttackVersion
{
    /// <summary>APGD-CE (1 restart) → APGD-T (9 targets) → FAB-T (9 targets) → Square (5000 queries).</summary>
    Standard,

    /// <summary>APGD-CE and APGD-DLR (5 restarts each) → FAB (5 restarts) → Square → APGD-T → FAB-T.</summary>
    Plus,
}
