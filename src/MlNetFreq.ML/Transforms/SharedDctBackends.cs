using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// One backend per kind for the whole process: backends are thread-safe, and an ILGPU context with its compiled
/// kernels is costly to create, so transformers share them instead of owning one each.
/// </summary>
public static class SharedDctBackends
{
    private static readonly Lazy<IDctBackend> Managed = new(() => new ManagedDctBackend());
    private static readonly Lazy<IDctBackend> Ilgpu = new(() => new IlgpuDctBackend());
    private static readonly Lazy<IDctBackend> Auto = new(() => IlgpuDctBackend.GpuAvailable() ? Ilgpu.Value : Managed.Value);

    /// <summary>The shared backend of a kind (do not dispose it).</summary>
    public static IDctBackend Get(DctBackendKind kind) => kind switch
    {
        DctBackendKind.Managed => Managed.Value,
        DctBackendKind.Ilgpu => Ilgpu.Value,
        _ => Auto.Value,
    };
}
