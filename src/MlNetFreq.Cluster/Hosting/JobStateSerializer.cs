using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace MlNetFreq.Cluster.Hosting;

/// <summary>
/// How job state is written to Redis or PostgreSQL: System.Text.Json of the state's declared type only — no type names
/// in the payload (Orleans' default JSON storage serializer writes Newtonsoft <c>$type</c> names, so whoever can write the
/// store could choose which .NET types a silo instantiates) — and strictly: a member the type does not declare is an
/// error, never ignored.
/// </summary>
public sealed class JobStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options) ?? throw new JsonException("expected a state, found null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"job state: expected a {typeof(T).Name} written by a silo, found {ex.Message}", ex);
        }
    }
}
