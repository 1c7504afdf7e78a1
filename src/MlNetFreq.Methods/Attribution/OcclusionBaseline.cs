using MlNetFreq.Methods.Attribution;
namespace MlNetFreq;

/// <summary>What replaces an occluded band's DCT coefficients.</summary>
public enum OcclusionBaseline
{
    /// <summary>Zeros: the band is removed (default, as in the paper).</summary>
    Zero,

    /// <summary>Gaussian noise with the band's own standard deviation (per image and channel), seeded.</summary>
    Noise,

    /// <summary>The band of a reference image's spectrum (e.g. the data set's mean image).</summary>
    Reference,
}
