using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetFreq.Operations;

/// <summary>
/// float[] as base64 of its little-endian IEEE-754 bytes: exact (every bit, NaN payloads included) and about a third of
/// the size of decimal text, for the arrays (images, logits) that parts carry.
/// </summary>
internal sealed class FloatArrayJsonConverter : JsonConverter<float[]>
{
    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("float arrays are stored little-endian.");
        }

        byte[] bytes = reader.GetBytesFromBase64();
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new JsonException($"expected a whole number of float32 values, found {bytes.Length} bytes.");
        }

        var values = new float[bytes.Length / sizeof(float)];
        bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBase64StringValue(MemoryMarshal.AsBytes(value.AsSpan()));
    }
}
