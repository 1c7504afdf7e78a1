namespace MlNetFreq;

using MlNetFreq.Methods.Corruptions;

/// <summary>
/// Fog: <c>clip((x + c·P)·M / (M + c))</c> with P a plasma fractal (<c>plasma_fractal(wibbledecay=d)</c>, the same for
/// every channel), M the image's maximum, (c, d) = (0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75) (make_cifar_c.py).
/// The reference draws a 32 × 32 map and crops it to the image; we draw the smallest power-of-two map that covers H × W.
/// Random; matches the reference in the formula (given the map) and in the map's distribution.
/// </summary>
public sealed record FogOptions : CorruptionOptions
{
    /// <summary>(c, d) per severity.</summary>
    public static IReadOnlyList<(double Strength, double Decay)> Parameters { get; } = [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)];

    /// <inheritdoc />
    public override Corruption Create() => new FogCorruption(this);
}
