using MlNetFreq.Spectral.Dct;
namespace MlNetFreq;

/// <summary>Which DCT backend to use.</summary>
public enum DctBackendKind
{
    /// <summary>An ILGPU GPU accelerator (CUDA/OpenCL) when one is present, else <see cref="Managed"/>.</summary>
    Auto,

    /// <summary>Managed SIMD, multi-threaded: the fastest path on CPU.</summary>
    Managed,

    /// <summary>ILGPU kernels on the preferred accelerator (ILGPU's CPU accelerator when there is no GPU).</summary>
    Ilgpu,
}
