using System.Text.Json.Nodes;

namespace MlNetFreq.ML.Persistence;

/// <summary>
/// Models saved by MlNetFreq 0.1.0 may hold <c>"InputColumnName": null</c> in the DCT and band-feature options, which
/// then meant "the output column"; today the input column always has a name (default <c>Image</c>).
/// </summary>
internal static class LegacyColumns
{
    public static JsonNode InputDefaultsToOutput(JsonNode options)
    {
        if (options is JsonObject o && o.ContainsKey("InputColumnName") && o["InputColumnName"] is null)
        {
            var copy = (JsonObject)o.DeepClone();
            copy["InputColumnName"] = o["OutputColumnName"]?.DeepClone();
            return copy;
        }

        return options;
    }
}
