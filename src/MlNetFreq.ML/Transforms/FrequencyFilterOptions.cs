using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq;

/// <summary>Which part of a frequency split a filter keeps.</summary>
public enum FrequencyPass
{
    /// <summary>The frequencies below the cut-off.</summary>
    Low,

    /// <summary>The frequencies at or above the cut-off.</summary>
    High,
}

/// <summary>Options of <c>mlContext.Transforms.FilterFrequencies</c>: the low-pass or high-pass image of an image column.</summary>
public sealed record FrequencyFilterOptions : IImageColumnOptions
{
    /// <summary>Filtered image column added (same dimensions; values not clipped, as Wang et al. score them).</summary>
    public string OutputColumnName { get; init; } = "Filtered";

    /// <summary>Image column.</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>Fourier (radial DFT mask around the centred zero frequency) or DCT (diagonal bands k = u + v).</summary>
    public SpectralBasis Basis { get; init; } = SpectralBasis.Fourier;

    /// <summary>The cut-off r: low keeps frequencies at distance &lt; r (DCT: bands k &lt; r), high the rest.</summary>
    public double Radius { get; init; } = 8;

    /// <summary>Keep the low or the high frequencies.</summary>
    public FrequencyPass Pass { get; init; } = FrequencyPass.Low;

    /// <summary>Rows filtered per call.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Declared (C, H, W) for a flat vector column without dimensions; null reads them from the column type.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() => [OutputColumn.ImageSized(OutputColumnName)];
}
