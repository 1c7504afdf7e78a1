using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// JSON of any method's options as <c>{"method": "pgd", "eps": 0.1, …}</c>, through the registry: unknown methods and
/// keys are errors that list the valid ones, missing keys keep the record's defaults, and writing includes every option.
/// </summary>
public sealed class MethodOptionsJsonConverter<T> : JsonConverter<T>
    where T : MethodOptions
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"expected an object with a \"method\" name ({string.Join(", ", MethodRegistry.OfType(typeof(T)).Select(d => d.Name))}), found {json.GetRawText()}.");
        }

        var descriptor = MethodRegistry.Get(method.GetString()!, typeof(T));
        return (T)descriptor.Read(json, "method");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var descriptor = MethodRegistry.Of(value);
        writer.WriteStartObject();
        writer.WriteString("method", descriptor.Name);
        descriptor.Write(writer, value);
        writer.WriteEndObject();
    }
}
