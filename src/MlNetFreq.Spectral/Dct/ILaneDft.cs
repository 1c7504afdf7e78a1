using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The complex DFT <c>X_k = Σ_t x_t · e^{−2πi·tk/n}</c> of <see cref="Vector{T}.Count"/> sequences at once (one per
/// lane); <see cref="LaneFft"/> for lengths whose prime factors are at most 61, <see cref="BluesteinDft"/> for others.
/// </summary>
internal interface ILaneDft
{
    /// <summary>The transform length n.</summary>
    int Length { get; }

    /// <summary>Vectors of scratch <see cref="Forward"/> needs.</summary>
    int ScratchVectors { get; }

    /// <summary>Transforms n vectors (<paramref name="inRe"/>, <paramref name="inIm"/>) into the outputs, which must not overlap them.</summary>
    void Forward(ReadOnlySpan<Vector<float>> inRe, ReadOnlySpan<Vector<float>> inIm, Span<Vector<float>> outRe, Span<Vector<float>> outIm, Span<Vector<float>> scratch);
}
