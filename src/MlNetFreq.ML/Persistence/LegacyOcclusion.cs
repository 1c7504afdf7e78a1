using System.Text.Json.Nodes;

namespace MlNetFreq.ML.Persistence;

/// <summary>
/// Occluded Frequency transforms saved by MlNetFreq 0.1.0 held the attribution settings flat beside the columns
/// (<c>Bands</c>, <c>Baseline</c>, <c>Reference</c>, <c>TargetClass</c>, <c>Cumulative</c>, <c>Seed</c>); today they are
/// the method's own options record under <c>Attribution</c>.
/// </summary>
internal static class LegacyOcclusion
{
    private static readonly string[] Moved = ["Bands", "Baseline", "Reference", "Cumulative", "Seed"];

    public static JsonNode Upgrade(JsonNode options)
    {
        if (options is not JsonObject o || o.ContainsKey("Attribution"))
        {
            return options;
        }

        var copy = (JsonObject)o.DeepClone();
        var attribution = new JsonObject();
        foreach (string key in Moved.Where(copy.ContainsKey))
        {
            attribution[key] = copy[key]?.DeepClone();
            copy.Remove(key);
        }

        if (copy.ContainsKey("TargetClass"))
        {
            attribution["Target"] = copy["TargetClass"] is { } c ? c.ToString() : "predicted";
            copy.Remove("TargetClass");
        }

        copy["Attribution"] = attribution;
        return copy;
    }
}
