using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq;

/// <summary>The settings of <c>autoattack</c>: how many images its attacks take at once (results do not depend on it).</summary>
public sealed record AutoAttackSettings : MethodOptions
{
    /// <summary>Images attacked together.</summary>
    [MethodOption("batch", "Images attacked together (one ONNX Runtime batch per step); results do not depend on it.")]
    public int Batch { get; init; } = 256;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() => AtLeast(Batch, 1, "batch");
}
