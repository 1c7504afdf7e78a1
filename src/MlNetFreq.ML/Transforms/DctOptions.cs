using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq;

/// <summary>Options of the 2-D DCT transformer (<c>mlContext.Transforms.Dct2D</c>).</summary>
public sealed record DctOptions : IImageColumnOptions
{
    /// <summary>Default rows per backend call.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Name of the spectrum column added (same dimensions as the image column).</summary>
    public string OutputColumnName { get; init; } = "Spectrum";

    /// <summary>Image column to read.</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>Forward DCT-II (default) or inverse DCT-III.</summary>
    public DctDirection Direction { get; init; } = DctDirection.Forward;

    /// <summary>Backend; <see cref="DctBackendKind.Auto"/> uses a GPU through ILGPU when present, else managed SIMD.</summary>
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;

    /// <summary>Rows transformed per backend call.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Declared (C, H, W) for a flat vector column without dimensions; null reads them from the column type.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() => [OutputColumn.ImageSized(OutputColumnName)];
}
