namespace MlNetFreq.Spectral.Dct;

/// <summary>Creates backends by <see cref="DctBackendKind"/>.</summary>
public static class DctBackends
{
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
