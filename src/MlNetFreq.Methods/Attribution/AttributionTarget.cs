using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetFreq.Methods.Attribution;

namespace MlNetFreq;

/// <summary>The class whose logit an attribution explains; written as <c>predicted</c>, <c>label</c> or a class index.</summary>
[JsonConverter(typeof(AttributionTargetJsonConverter))]
public abstract record AttributionTarget
{
    /// <summary>True when the target reads each image's label.</summary>
    public virtual bool NeedsLabels => false;

    /// <summary>The model's predicted class for each clean image (default).</summary>
    public static AttributionTarget Predicted { get; } = new PredictedClass();

    /// <summary>The given label of each image.</summary>
    public static AttributionTarget Label { get; } = new LabelClass();

    /// <summary>One fixed class for every image.</summary>
    public static AttributionTarget Class(int index) => new FixedClass(index);

    /// <summary>Parses <c>predicted</c>, <c>label</c> or a class index.</summary>
    public static AttributionTarget Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "predicted" => Predicted,
        "label" => Label,
        var s when int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c) => Class(c),
        _ => throw new ArgumentException($"target: expected predicted, label or a class index, found '{text}'."),
    };

    internal sealed record PredictedClass : AttributionTarget
    {
        public override string ToString() => "predicted";
    }

    internal sealed record LabelClass : AttributionTarget
    {
        public override bool NeedsLabels => true;

        public override string ToString() => "label";
    }

    internal sealed record FixedClass(int Index) : AttributionTarget
    {
        public override string ToString() => Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>JSON of an <see cref="AttributionTarget"/> as its text (<c>"predicted"</c>, <c>"label"</c>, <c>"3"</c>).</summary>
public sealed class AttributionTargetJsonConverter : JsonConverter<AttributionTarget>
{
    /// <inheritdoc />
    public override AttributionTarget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AttributionTarget.Parse(reader.TokenType == JsonTokenType.Number ? reader.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : reader.GetString() ?? "");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AttributionTarget value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value?.ToString());
    }
}
