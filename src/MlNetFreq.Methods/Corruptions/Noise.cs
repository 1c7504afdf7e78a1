namespace MlNetFreq;

using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Corruptions;

/// <summary>Gaussian noise: <c>clip(x + N(0, σ²))</c>, σ = 0.04, 0.06, 0.08, 0.09, 0.10 (make_cifar_c.py). Matches the reference in distribution.</summary>
public sealed record GaussianNoiseOptions : CorruptionOptions
{
    /// <summary>σ per severity.</summary>
    public static IReadOnlyList<double> Sigma { get; } = [0.04, 0.06, 0.08, 0.09, 0.10];

    /// <inheritdoc />
    public override Corruption Create() => new PixelNoise(this, (x, rng) => x + Sigma[Severity - 1] * rng.Gaussian());
}

/// <summary>Shot (Poisson) noise: <c>clip(Poisson(λ·x) / λ)</c>, λ = 500, 250, 100, 75, 50 (make_cifar_c.py). Matches the reference in distribution.</summary>
public sealed record ShotNoiseOptions : CorruptionOptions
{
    /// <summary>λ per severity.</summary>
    public static IReadOnlyList<double> Lambda { get; } = [500, 250, 100, 75, 50];

    /// <inheritdoc />
    public override Corruption Create() => new PixelNoise(this, (x, rng) => Poisson.Sample(rng, x * Lambda[Severity - 1]) / Lambda[Severity - 1]);
}

/// <summary>
/// Impulse (salt-and-pepper) noise as scikit-image's <c>random_noise(mode="s&amp;p", amount=a)</c>: each value (pixel and
/// channel independently) is replaced with probability a, by 1 or 0 with equal probability; a = 0.01, 0.02, 0.03,
/// 0.05, 0.07 (make_cifar_c.py). Matches the reference in distribution.
/// </summary>
public sealed record ImpulseNoiseOptions : CorruptionOptions
{
    /// <summary>Amount a per severity.</summary>
    public static IReadOnlyList<double> Amount { get; } = [0.01, 0.02, 0.03, 0.05, 0.07];

    /// <inheritdoc />
    public override Corruption Create() => new PixelNoise(this, (x, rng) =>
    {
        bool flipped = rng.NextDouble() < Amount[Severity - 1];
        bool salt = rng.NextDouble() < 0.5;
        return flipped ? (salt ? 1 : 0) : x;
    });
}

/// <summary>Speckle noise: <c>clip(x + x·N(0, σ²))</c>, σ = 0.06, 0.1, 0.12, 0.16, 0.2 (make_cifar_c.py). Matches the reference in distribution.</summary>
public sealed record SpeckleNoiseOptions : CorruptionOptions
{
    /// <summary>σ per severity.</summary>
    public static IReadOnlyList<double> Sigma { get; } = [0.06, 0.1, 0.12, 0.16, 0.2];

    /// <inheritdoc />
    public override Corruption Create() => new PixelNoise(this, (x, rng) => x + x * Sigma[Severity - 1] * rng.Gaussian());
}
