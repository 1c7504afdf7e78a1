using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Methods.Attribution;

/// <summary>Options of <see cref="OccludedFrequency"/>; defaults follow the paper (diagonal bands, zero baseline, single band, predicted class).</summary>
public sealed record OccludedFrequencyOptions
{
    /// <summary>Diagonal (k = u + v) or radial bands.</summary>
    public BandLayout Bands { get; init; } = BandLayout.Diagonal;

    /// <summary>What replaces an occluded band.</summary>
    public OcclusionBaseline Baseline { get; init; } = OcclusionBaseline.Zero;

    /// <summary>Reference image [C, H, W] for <see cref="OcclusionBaseline.Reference"/>.</summary>
    public float[]? Reference { get; init; }

    /// <summary>Seed of the <see cref="OcclusionBaseline.Noise"/> baseline (each image's noise depends on the seed and its index only).</summary>
    public int Seed { get; init; }

    /// <summary>Occlude all bands ≤ k (a low-pass sweep) instead of band k alone.</summary>
    public bool Cumulative { get; init; }

    /// <summary>Clip the occluded images to [0, 1] before scoring (off by default: x̃ is scored as it is).</summary>
    public bool ClipToUnitRange { get; init; }

    /// <summary>The class explained.</summary>
    public AttributionTarget Target { get; init; } = AttributionTarget.Predicted;

    /// <summary>Occluded images per ONNX Runtime call (the clean images are scored in the same calls).</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>DCT backend.</summary>
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;
}
