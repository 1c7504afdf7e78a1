using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq;

/// <summary>Options of the band-pooling featurizer (<c>mlContext.Transforms.FrequencyBandFeatures</c>).</summary>
public sealed record BandFeaturesOptions : IImageColumnOptions
{
    /// <summary>Name of the feature column added: Single[bands].</summary>
    public string OutputColumnName { get; init; } = "BandFeatures";

    /// <summary>Column to read (an image, or a spectrum when <see cref="InputIsSpectrum"/>).</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>Diagonal (k = u + v, default) or radial bands.</summary>
    public BandLayout Layout { get; init; } = BandLayout.Diagonal;

    /// <summary>Mean |coefficient| (default) or energy per band.</summary>
    public BandStatistic Statistic { get; init; } = BandStatistic.MeanAbsolute;

    /// <summary>True when the input column already holds a DCT spectrum (e.g. from <c>Dct2D</c>); false computes it.</summary>
    public bool InputIsSpectrum { get; init; }

    /// <summary>DCT backend used when the input is an image.</summary>
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;

    /// <summary>Rows per backend call.</summary>
    public int BatchSize { get; init; } = DctOptions.DefaultBatchSize;

    /// <summary>Declared (C, H, W) for a flat vector column without dimensions.</summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() =>
        [OutputColumn.Vector(OutputColumnName, s => FrequencyBands.Create(s.Height, s.Width, Layout).Count)];
}
