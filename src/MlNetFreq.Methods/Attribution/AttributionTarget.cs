namespace MlNetFreq.Methods.Attribution;

/// <summary>The class whose logit an attribution explains.</summary>
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
        _ => throw new ArgumentException($"Target: expected predicted, label or a class index, found '{text}'."),
    };

    internal sealed record PredictedClass : AttributionTarget;

    internal sealed record LabelClass : AttributionTarget
    {
        public override bool NeedsLabels => true;
    }

    internal sealed record FixedClass(int Index) : AttributionTarget;
}
