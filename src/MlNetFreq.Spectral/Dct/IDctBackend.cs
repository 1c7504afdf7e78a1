using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// Computes the separable 2-D orthonormal DCT of every (H, W) plane of an NCHW batch:
/// <c>Y = D_H · X · D_Wᵀ</c> (forward) or <c>X = D_Hᵀ · Y · D_W</c> (inverse).
/// Implementations are thread-safe: one instance may serve concurrent callers.
/// </summary>
public interface IDctBackend : IDisposable
{
    /// <summary>Short name shown in benchmarks and logs (<c>managed</c>, <c>ilgpu-cpu</c>, <c>ilgpu-cuda</c>…).</summary>
    string Name { get; }

    /// <summary>
    /// Transforms <paramref name="input"/> into <paramref name="output"/>, both of <paramref name="shape"/>.
    /// The two buffers may be the same array.
    /// </summary>
    void Transform(ReadOnlySpan<float> input, Span<float> output, ImageBatchShape shape, DctDirection direction);
}
