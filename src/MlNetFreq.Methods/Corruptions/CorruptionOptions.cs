using System.Text.Json.Serialization;
using MlNetFreq.Methods.Corruptions;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq;

/// <summary>
/// Base of every corruption's options record (Hendrycks &amp; Dietterich, ICLR 2019): a severity 1–5 that picks the
/// parameters of the CIFAR-10-C generator (<c>hendrycks/robustness</c>, <c>make_cifar_c.py</c>) and a seed. As JSON it
/// reads and writes <c>{"method": "gaussian-noise", "severity": 3, "seed": 0}</c>.
/// </summary>
[JsonConverter(typeof(MethodOptionsJsonConverter<CorruptionOptions>))]
public abstract record CorruptionOptions : MethodOptions
{
    /// <summary>Severity 1 (mildest) to 5.</summary>
    [MethodOption("severity", "Severity 1 (mildest) to 5; picks the CIFAR-10-C parameters.")]
    public int Severity { get; init; } = 1;

    /// <summary>Seed of the random corruptions; each image's draws depend only on the seed and its index.</summary>
    [MethodOption("seed", "Seed of the random corruptions (noise, fog); each image's draws depend only on the seed and its index.")]
    public int Seed { get; init; }

    /// <summary>The corruption with these options.</summary>
    public abstract Corruption Create();

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() =>
        Severity is >= 1 and <= 5 ? [] : [("severity", $"expected an integer from 1 to 5, found {Severity}.")];
}
