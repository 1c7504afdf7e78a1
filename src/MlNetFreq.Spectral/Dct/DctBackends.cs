namespace MlNetFreq.Spectral.Dct;

/// <summary>Creates backends by <see cref="DctBackendKind"/>.</summary>
public static class DctBackends
{
    private static readonly Lazy<IDctBackend> SharedManaged = new(() => new ManagedDctBackend());
    private static readonly Lazy<IDctBackend> SharedIlgpu = new(() => new IlgpuDctBackend());
    private static readonly Lazy<IDctBackend> SharedAuto = new(() => IlgpuDctBackend.GpuAvailable() ? SharedIlgpu.Value : SharedManaged.Value);

    /// <summary>
    /// One backend per kind for the whole process (do not dispose it): backends are thread-safe, and an ILGPU context
    /// with its compiled kernels is costly to create, so components share them instead of owning one each.
    /// </summary>
    public static IDctBackend Shared(DctBackendKind kind) => kind switch
    {
        DctBackendKind.Managed => SharedManaged.Value,
        DctBackendKind.Ilgpu => SharedIlgpu.Value,
        _ => SharedAuto.Value,
    };

    /// <summary>Creates a backend; the caller disposes it.</summary>
    public static IDctBackend Create(DctBackendKind kind) => kind switch
    {
        DctBackendKind.Managed => new ManagedDctBackend(),
        DctBackendKind.Ilgpu => new IlgpuDctBackend(),
        DctBackendKind.Auto => IlgpuDctBackend.GpuAvailable() ? new IlgpuDctBackend() : new ManagedDctBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected auto, managed or ilgpu."),
    };

    /// <summary>Parses <c>auto</c>, <c>managed</c> or <c>ilgpu</c> (case-insensitive).</summary>
    public static DctBackendKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => DctBackendKind.Auto,
        "managed" => DctBackendKind.Managed,
        "ilgpu" => DctBackendKind.Ilgpu,
        _ => throw new ArgumentException($"Unknown DCT backend '{name}': expected auto, managed or ilgpu.", nameof(name)),
    };
}
