using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq;

/// <summary>The settings of <c>dct</c>: its direction and where it runs.</summary>
public sealed record DctSettings : MethodOptions
{
    /// <summary>Apply the inverse (DCT-III) instead of the forward DCT-II.</summary>
    [MethodOption("inverse", "Apply the inverse transform (orthonormal DCT-III, scipy.fft.idctn(norm=\"ortho\")) to coefficients instead of the forward DCT-II.")]
    public bool Inverse { get; init; }

    /// <summary>The DCT backend.</summary>
    [MethodOption("backend", "DCT backend: auto (an ILGPU GPU accelerator when one is present, else managed), managed (multi-threaded SIMD, fastest on CPU) or ilgpu (ILGPU kernels; its CPU accelerator when there is no GPU).")]
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;
}
