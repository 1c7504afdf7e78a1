using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq;

/// <summary>
/// Options of <see cref="FilteredAccuracy"/> (registered as <c>filtered-accuracy</c>); defaults follow Wang et al.
/// (CVPR 2020): the Fourier basis, radii 4, 8, 12 and 16, no clipping.
/// </summary>
public sealed record FilteredAccuracyOptions : MethodOptions
{
    /// <summary>Fourier (radial DFT mask) or DCT (diagonal bands).</summary>
    [MethodOption("basis", "fourier: keep DFT coefficients at distance < r from the centred zero frequency (Wang et al.); dct: keep diagonal DCT bands k = u + v < r.")]
    public SpectralBasis Basis { get; init; } = SpectralBasis.Fourier;

    /// <summary>The cut-offs r: the low-pass image keeps frequencies below r, the high-pass image the rest.</summary>
    [MethodOption("radii", "Comma-separated cut-offs r: the low-pass image keeps frequencies below r, the high-pass image the rest.")]
    public RadiusList Radii { get; init; } = RadiusList.Paper;

    /// <summary>Filtered images per ONNX Runtime call.</summary>
    [MethodOption("max-batch", "Filtered images per ONNX Runtime call.")]
    public int MaxBatchSize { get; init; } = 512;

    /// <inheritdoc />
    protected override IEnumerable<(string Option, string Problem)> Problems() =>
        AtLeast(MaxBatchSize, 1, "max-batch").Concat(Radii.Radii.Count == 0 ? [("radii", "expected at least one radius.")] : []);
}
