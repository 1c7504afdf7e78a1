using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq;

/// <summary>
/// Options of <see cref="OccludedFrequency"/> (registered as <c>occluded-frequency</c>); defaults follow the paper:
/// diagonal bands, zero baseline, single band, predicted class.
/// </summary>
public sealed record OccludedFrequencyOptions : MethodOptions
{
    /// <summary>Diagonal (k = u + v) or radial bands.</summary>
    [MethodOption("bands", "Frequency bands: diagonal (k = u + v, the paper's) or radial (k = round(√(u² + v²))).")]
    public BandLayout Bands { get; init; } = BandLayout.Diagonal;

    /// <summary>What replaces an occluded band.</summary>
    [MethodOption("baseline", "What replaces an occluded band: zero, noise (Gaussian with the band's own standard deviation, seeded) or reference (the band of a reference image).")]
    public OcclusionBaseline Baseline { get; init; } = OcclusionBaseline.Zero;

    /// <summary>Reference image [C, H, W] for <see cref="OcclusionBaseline.Reference"/>.</summary>
    public float[]? Reference { get; init; }

    /// <summary>Seed of the <see cref="OcclusionBaseline.Noise"/> baseline (each image's noise depends on the seed and its index only).</summary>
    [MethodOption("seed", "Seed of the noise baseline; each image's noise depends on the seed and its index only.")]
    public int Seed { get; init; }

    /// <summary>Occlude all bands ≤ k (a low-pass sweep) instead of band k alone.</summary>
    [MethodOption("cumulative", "Occlude every band ≤ k (a low-pass sweep) instead of band k alone.")]
    public bool Cumulative { get; init; }

    /// <summary>Clip the occluded images to [0, 1] before scoring (off by default: x̃ is scored as it is).</summary>
    [MethodOption("clip", "Clip the occluded images to [0, 1] before scoring (the paper scores x̃ as it is).")]
    public bool ClipToUnitRange { get; init; }

    /// <summary>The class explained.</summary>
    [MethodOption("target", "Class explained: predicted (the model's prediction on the clean image), label, or a class index.")]
    public AttributionTarget Target { get; init; } = AttributionTarget.Predicted;

    /// <summary>Occluded images per ONNX Runtime call (the clean images are scored in the same calls).</summary>
    [MethodOption("max-batch", "Occluded images per ONNX Runtime call.")]
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>DCT backend.</summary>
    [MethodOption("backend", "DCT backend: auto (an ILGPU GPU accelerator when present, else managed), managed or ilgpu.")]
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() => AtLeast(MaxBatchSize, 1, "max-batch");
}
