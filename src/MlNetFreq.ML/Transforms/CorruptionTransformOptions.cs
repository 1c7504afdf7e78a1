using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq;

/// <summary>Options of <c>mlContext.Transforms.Corrupt</c>: one common corruption of an image column.</summary>
public sealed record CorruptionTransformOptions : IImageColumnOptions
{
    /// <summary>Corrupted image column added (same dimensions as the image column).</summary>
    public string OutputColumnName { get; init; } = "Corrupted";

    /// <summary>Image column (Single vector with dimensions (C, H, W), pixels in [0, 1]).</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>
    /// The corruption, its severity and seed: any registered corruption's options record, e.g. <c>new FogOptions { Severity = 3 }</c>
    /// (default: Gaussian noise at severity 1).
    /// </summary>
    public CorruptionOptions Corruption { get; init; } = new GaussianNoiseOptions();

    /// <inheritdoc />
    public string? IdColumnName { get; init; }

    /// <summary>Rows corrupted per call.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Declared (C, H, W) for a flat vector column without dimensions; null reads them from the column type.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() => [OutputColumn.ImageSized(OutputColumnName)];
}
