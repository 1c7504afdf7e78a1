using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetFreq.ML.Persistence;

/// <summary>JSON settings of saved models: enums as names, indented, unknown members rejected so typos surface.</summary>
public static class PersistenceJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
