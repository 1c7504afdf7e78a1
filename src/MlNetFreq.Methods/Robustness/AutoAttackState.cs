using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Methods.Robustness;

/// <summary>
/// Where an AutoAttack run stands: which attacks have finished, each sample's outcome (<c>clean</c> when the model
/// misclassifies it, the breaking attack's name, or null while robust), iterations or queries per attack, and the
/// adversarial images of broken samples. Saved after each attack so that a rerun with the same options and data
/// continues; <see cref="CheckMatches"/> refuses a state made with other options or data.
/// </summary>
public sealed class AutoAttackState
{
    /// <summary>The options as JSON (the fingerprint a resumed run must match).</summary>
    public required string Options { get; init; }

    /// <summary>SHA-256 of the images and labels.</summary>
    public required string DataSha256 { get; init; }

    /// <summary>Attacks finished, in order.</summary>
    public List<string> Finished { get; init; } = [];

    /// <summary>Robust samples after each finished attack.</summary>
    public Dictionary<string, int> RobustAfter { get; init; } = [];

    /// <summary>Samples the model classifies correctly before any attack.</summary>
    public int CleanCorrect { get; init; }

    /// <summary>Per sample: <c>clean</c>, the name of the attack that broke it, or null (robust so far).</summary>
    public required string?[] BrokenBy { get; init; }

    /// <summary>Per sample: iterations (gradient attacks) or queries (Square) spent by each attack.</summary>
    public required Dictionary<string, int>[] Iterations { get; init; }

    /// <summary>Adversarial images [n, C, H, W]; robust and misclassified samples hold their clean image.</summary>
    [JsonIgnore]
    public float[] Adversarial { get; private set; } = [];

    /// <summary>The adversarial images as little-endian float32 bytes, base64 (for the state file).</summary>
    public string AdversarialBase64
    {
        get => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Adversarial.AsSpan()));
        init => Adversarial = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(value)).ToArray();
    }

    /// <summary>A fresh state: samples the model misclassifies (<paramref name="cleanLogits"/>) are marked <c>clean</c>.</summary>
    public static AutoAttackState Start(AutoAttackOptions options, float[] images, int[] labels, float[] cleanLogits, int classes)
    {
        var brokenBy = new string?[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            brokenBy[i] = Logits.ArgMax(cleanLogits.AsSpan(i * classes, classes)) == labels[i] ? null : "clean";
        }

        return new AutoAttackState
        {
            Options = JsonSerializer.Serialize<AttackOptions>(options),
            DataSha256 = Validation.DataFingerprint.Sha256(images, labels),
            CleanCorrect = brokenBy.Count(b => b is null),
            BrokenBy = brokenBy,
            Iterations = labels.Select(_ => new Dictionary<string, int>()).ToArray(),
            Adversarial = (float[])images.Clone(),
        };
    }

    /// <summary>Throws unless this state was made with <paramref name="options"/> on these images and labels.</summary>
    public void CheckMatches(AutoAttackOptions options, float[] images, int[] labels)
    {
        string expected = JsonSerializer.Serialize<AttackOptions>(options);
        if (Options != expected)
        {
            throw new InvalidDataException($"The state was made with other options: {Options}; this run has {expected}. Use another state file or the same options.");
        }

        if (DataSha256 != Validation.DataFingerprint.Sha256(images, labels) || Adversarial.Length != images.Length)
        {
            throw new InvalidDataException($"The state was made on other images or labels (SHA-256 {DataSha256}, {BrokenBy.Length} samples); this run has {labels.Length} samples. Use another state file or the same data.");
        }
    }

    /// <summary>Writes the state as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    public static AutoAttackState FromJson(string json) =>
        JsonSerializer.Deserialize<AutoAttackState>(json, JsonOptions) ?? throw new InvalidDataException("Expected an AutoAttack state, found null.");

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
