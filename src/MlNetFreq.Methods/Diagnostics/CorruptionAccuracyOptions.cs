using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq;

/// <summary>
/// Options of <see cref="CorruptionAccuracy"/> (registered as <c>corruption-accuracy</c>): every corruption at every
/// severity, as CIFAR-10-C is made.
/// </summary>
public sealed record CorruptionAccuracyOptions : MethodOptions
{
    /// <summary>The corruptions measured.</summary>
    [MethodOption("corruptions", "Corruptions measured: all, or a comma-separated list of their names.")]
    public CorruptionList Corruptions { get; init; } = CorruptionList.All;

    /// <summary>The severities measured.</summary>
    [MethodOption("severities", "Severities measured: all (1–5) or a comma-separated list.")]
    public SeverityList Severities { get; init; } = SeverityList.All;

    /// <summary>Seed of the random corruptions.</summary>
    [MethodOption("seed", "Seed of the random corruptions; each image's draws depend only on the seed and its index.")]
    public int Seed { get; init; }

    /// <summary>Corrupted images per ONNX Runtime call.</summary>
    [MethodOption("max-batch", "Corrupted images per ONNX Runtime call.")]
    public int MaxBatchSize { get; init; } = 256;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() => AtLeast(MaxBatchSize, 1, "max-batch");
}
