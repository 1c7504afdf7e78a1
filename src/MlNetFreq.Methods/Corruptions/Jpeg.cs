namespace MlNetFreq;

using MlNetFreq.Methods.Corruptions;

/// <summary>
/// JPEG compression: an encode and decode at quality q = 80, 65, 58, 50, 40 (make_cifar_c.py, which uses Pillow, i.e.
/// libjpeg with its defaults), done by our own baseline codec (<see cref="BaselineJpeg"/>) — no image-codec dependency.
/// Deterministic; how far it is from Pillow's output is measured in the tests and written in the README.
/// </summary>
public sealed record JpegOptions : CorruptionOptions
{
    /// <summary>Quality per severity.</summary>
    public static IReadOnlyList<int> Quality { get; } = [80, 65, 58, 50, 40];

    /// <inheritdoc />
    public override Corruption Create() => new JpegCorruption(this);
}
