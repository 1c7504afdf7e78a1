using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq;

/// <summary>
/// Options of <see cref="FourierHeatMap"/> (registered as <c>fourier-heatmap</c>); defaults follow Yin et al. (NeurIPS 2019):
/// the Fourier basis, perturbation L2 norm 4 (their CIFAR-10 figure; we keep the same v for every data set, so maps of
/// different models and data sets are comparable — pass another for larger images), one random sign per image and
/// channel, clipping to [0, 1].
/// </summary>
public sealed record FourierHeatMapOptions : MethodOptions
{
    /// <summary>The basis of the perturbations.</summary>
    [MethodOption("basis", "Basis of the perturbations: fourier (Yin et al., a centred map) or dct (our bands, also pooled per diagonal band).")]
    public SpectralBasis Basis { get; init; } = SpectralBasis.Fourier;

    /// <summary>L2 norm v of each channel's perturbation.</summary>
    [MethodOption("perturbation-norm", "L2 norm v of the perturbation of each channel: x' = clip(x + r·v·U, 0, 1); 4 in the paper's CIFAR-10 map.")]
    public double PerturbationNorm { get; init; } = 4;

    /// <summary>Seed of the random signs; each image's signs depend only on the seed, its index and the frequency.</summary>
    [MethodOption("seed", "Seed of the random signs; each image's signs depend only on the seed, its index and the frequency.")]
    public int Seed { get; init; }

    /// <summary>One random sign r per image, channel and frequency (as the reference's rand_flip); off: r = +1.</summary>
    [MethodOption("random-sign", "Draw one random sign per image, channel and frequency (the reference's rand_flip); false adds +v·U.")]
    public bool RandomSign { get; init; } = true;

    /// <summary>Clip the perturbed images to [0, 1] (as the paper).</summary>
    [MethodOption("clip", "Clip the perturbed images to [0, 1], as the paper does.")]
    public bool Clip { get; init; } = true;

    /// <summary>Perturbed images per ONNX Runtime call.</summary>
    [MethodOption("max-batch", "Perturbed images per ONNX Runtime call.")]
    public int MaxBatchSize { get; init; } = 512;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() =>
        Positive(PerturbationNorm, "perturbation-norm", "every image would be left as it is, so the map would show the clean error everywhere").Concat(AtLeast(MaxBatchSize, 1, "max-batch"));
}
