using System.Text.Json.Nodes;

namespace MlNetFreq.ML.Persistence;

/// <summary>
/// Reads the attack settings that models saved by MlNetFreq 0.1.0 hold — one flat record for every attack,
/// <c>{"Method": "Pgd", "Eps": 0.1, "Alpha": null, …}</c> — as the options JSON of the method registry
/// (<c>{"method": "pgd", "eps": 0.1}</c>). Settings that did not apply to the saved method were ignored by 0.1.0 and
/// are dropped; null values meant the method's default and are left out.
/// </summary>
internal static class LegacyAttackSettings
{
    // 0.1.0 property → option name, per 0.1.0 method name → registry name.
    private static readonly Dictionary<string, (string Method, string[] Keys)> Methods = new(StringComparer.Ordinal)
    {
        ["Fgsm"] = ("fgsm", ["Eps"]),
        ["Pgd"] = ("pgd", ["Eps", "Alpha", "Steps", "Restarts", "RandomStart", "EarlyStop"]),
        ["PgdL2"] = ("pgd-l2", ["Eps", "Alpha", "Steps", "Restarts", "RandomStart", "EarlyStop"]),
        ["LowFrequencyPgd"] = ("lowfreq-pgd", ["Eps", "Alpha", "Steps", "Restarts", "RandomStart", "EarlyStop", "Ratio"]),
        ["CarliniWagner"] = ("cw", ["C", "Kappa", "Steps", "Lr", "BinarySearchSteps", "ProjectL2"]),
        ["SimBA"] = ("simba", ["Eps", "Order", "MaxQueries", "LinfBound"]),
        ["SimBADct"] = ("simba-dct", ["Eps", "Order", "MaxQueries", "LinfBound", "FreqDims"]),
    };

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Eps"] = "eps", ["Alpha"] = "alpha", ["Steps"] = "steps", ["Restarts"] = "restarts", ["RandomStart"] = "random-start",
        ["EarlyStop"] = "early-stop", ["Ratio"] = "ratio", ["C"] = "c", ["Kappa"] = "kappa", ["Lr"] = "lr",
        ["BinarySearchSteps"] = "binary-steps", ["ProjectL2"] = "project-l2", ["Order"] = "order", ["MaxQueries"] = "max-queries",
        ["LinfBound"] = "linf-bound", ["FreqDims"] = "freq-dims", ["Seed"] = "seed", ["Targeted"] = "targeted",
    };

    public static JsonObject Upgrade(JsonObject legacy)
    {
        string method = legacy["Method"]?.GetValue<string>() ?? "Pgd";
        if (!Methods.TryGetValue(method, out var entry))
        {
            throw new ModelFormatException("attack settings", $"expected a 0.1.0 attack method ({string.Join(", ", Methods.Keys)}), found '{method}'.");
        }

        var upgraded = new JsonObject { ["method"] = entry.Method };
        foreach (string key in entry.Keys.Append("Seed").Append("Targeted"))
        {
            if (legacy[key] is { } value)
            {
                upgraded[Names[key]] = value.DeepClone();
            }
        }

        return upgraded;
    }
}
