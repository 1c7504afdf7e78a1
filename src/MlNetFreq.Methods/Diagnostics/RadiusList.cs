using System.Globalization;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>A comma-separated list of distinct, finite radii ≥ 0 (e.g. <c>4,8,12,16</c>), in the order given.</summary>
public sealed class RadiusList : IEquatable<RadiusList>
{
    private RadiusList(IReadOnlyList<double> radii) => Radii = radii;

    /// <summary>The radii.</summary>
    public IReadOnlyList<double> Radii { get; }

    /// <summary>Wang et al.'s radii: 4, 8, 12, 16.</summary>
    public static RadiusList Paper { get; } = new([4, 8, 12, 16]);

    /// <summary>Parses <c>r1,r2,…</c>.</summary>
    public static RadiusList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var radii = new List<double>();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) || !(r >= 0) || double.IsInfinity(r))
            {
                throw new ArgumentException($"radii: expected a comma-separated list of finite numbers ≥ 0, found '{item}' in '{text}'.");
            }

            if (radii.Contains(r))
            {
                throw new ArgumentException($"radii: expected distinct radii, found {item} twice in '{text}'.");
            }

            radii.Add(r);
        }

        return new RadiusList(radii);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Radii.Select(r => r.ToString("R", CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public bool Equals(RadiusList? other) => other is not null && Radii.SequenceEqual(other.Radii);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RadiusList);

    /// <inheritdoc />
    public override int GetHashCode() => Radii.Aggregate(17, (h, r) => h * 31 + r.GetHashCode());
}
