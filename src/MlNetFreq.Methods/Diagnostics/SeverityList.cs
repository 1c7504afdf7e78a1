using System.Globalization;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>A comma-separated list of distinct severities 1–5 (e.g. <c>1,3,5</c>), or <c>all</c> for 1–5.</summary>
public sealed class SeverityList : IEquatable<SeverityList>
{
    private SeverityList(IReadOnlyList<int> severities) => Severities = severities;

    /// <summary>Severities 1 to 5.</summary>
    public static SeverityList All { get; } = new([1, 2, 3, 4, 5]);

    /// <summary>The severities.</summary>
    public IReadOnlyList<int> Severities { get; }

    /// <summary>Parses <c>all</c> or <c>s,s,…</c>.</summary>
    public static SeverityList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var list = new List<int>();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) || s is < 1 or > 5 || list.Contains(s))
            {
                throw new ArgumentException($"severities: expected 'all' or distinct integers from 1 to 5, found '{item}' in '{text}'.");
            }

            list.Add(s);
        }

        return new SeverityList(list);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Severities);

    /// <inheritdoc />
    public bool Equals(SeverityList? other) => other is not null && Severities.SequenceEqual(other.Severities);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeverityList);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
