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

    /// <summary>
    /// Measure the frequencies whose both coordinates are multiples of this (from the zero frequency); null: the smallest
    /// stride that keeps the map at <see cref="AutoStrideBudget"/> basis images per image or fewer (1 up to 44 × 44 DCT).
    /// </summary>
    [MethodOption("stride", "Measure only frequencies whose coordinates (from the zero frequency) are multiples of this: a 224 × 224 DCT map at stride 8 is 29 × 29 = 841 perturbations per image instead of 50,176; unmeasured cells are NaN in the map (blank in the figure, null in the report). Default: the smallest stride that keeps a map at 2,000 perturbations per image or fewer (1, every frequency, for CIFAR-10 and Fashion-MNIST sizes; 6 for a 224 × 224 DCT map).")]
    public int? Stride { get; init; }

    /// <summary>The most basis images per image the default stride allows.</summary>
    public const int AutoStrideBudget = 2000;

    /// <summary>Measure only frequencies within this radius of the zero frequency; null: all.</summary>
    [MethodOption("max-radius", "Measure only frequencies within this distance of the zero frequency, sqrt(a² + b²) (none: all); a low-frequency window, combinable with --stride.")]
    public double? MaxRadius { get; init; }

    /// <summary>Perturbed images per ONNX Runtime call.</summary>
    [MethodOption("max-batch", "Perturbed images per ONNX Runtime call.")]
    public int MaxBatchSize { get; init; } = 512;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() =>
        Positive(PerturbationNorm, "perturbation-norm", "every image would be left as it is, so the map would show the clean error everywhere").Concat(AtLeast(MaxBatchSize, 1, "max-batch"))
            .Concat(Stride is { } stride ? AtLeast(stride, 1, "stride") : [])
            .Concat(MaxRadius is { } radius ? Positive(radius, "max-radius", "only the zero frequency would be measured") : []);

    /// <summary>
    /// Whether the frequency (a, b) — centred Fourier coordinates, or the DCT's (u, v) — is measured at
    /// <paramref name="stride"/>: both coordinates multiples of it and within <see cref="MaxRadius"/> of zero.
    /// </summary>
    public bool Measures(int a, int b, int stride) => a % stride == 0 && b % stride == 0 && (MaxRadius is not { } r || Math.Sqrt((double)a * a + (double)b * b) <= r);
}
