using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Datasets;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace Microsoft.ML;

/// <summary>MlNetFreq's entry points on <c>mlContext.Transforms</c> and <c>mlContext.Data</c>.</summary>
public static class MlNetFreqCatalog
{
    /// <summary>
    /// Adds the orthonormal 2-D DCT (or inverse DCT) of the image column <paramref name="inputColumnName"/>
    /// as <paramref name="outputColumnName"/> with the same (C, H, W) dimensions.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Spectrum column to add.</param>
    /// <param name="inputColumnName">Image column (Single vector with dimensions (C, H, W)); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="direction">Forward DCT-II or inverse DCT-III.</param>
    /// <param name="backend">Auto (GPU via ILGPU when present, else managed SIMD), Managed or Ilgpu.</param>
    public static DctEstimator Dct2D(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        DctDirection direction = DctDirection.Forward, DctBackendKind backend = DctBackendKind.Auto) =>
        catalog.Dct2D(new DctOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Direction = direction, Backend = backend });

    /// <summary>Adds a 2-D DCT column configured by <paramref name="options"/>.</summary>
    public static DctEstimator Dct2D(this TransformsCatalog catalog, DctOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DctEstimator(options);
    }

    /// <summary>
    /// Adds Single[bands]: per frequency band, the mean |DCT coefficient| or the energy of the image column over all channels.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to add.</param>
    /// <param name="inputColumnName">Image (or spectrum, with <paramref name="inputIsSpectrum"/>) column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="layout">Diagonal (k = u + v) or radial bands.</param>
    /// <param name="statistic">Mean absolute coefficient or energy.</param>
    /// <param name="inputIsSpectrum">True when the input already is a DCT spectrum.</param>
    public static BandFeaturesEstimator FrequencyBandFeatures(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        BandLayout layout = BandLayout.Diagonal, BandStatistic statistic = BandStatistic.MeanAbsolute, bool inputIsSpectrum = false) =>
        catalog.FrequencyBandFeatures(new BandFeaturesOptions
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Layout = layout, Statistic = statistic, InputIsSpectrum = inputIsSpectrum,
        });

    /// <summary>
    /// Adds Occluded Frequency attribution (Single[bands]) and the explained class (Int32) of the image column for the
    /// ONNX classifier in <see cref="OccludedFrequencyTransformOptions.ModelPath"/>.
    /// </summary>
    public static OccludedFrequencyEstimator OccludeFrequencies(this TransformsCatalog catalog, OccludedFrequencyTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OccludedFrequencyEstimator(options);
    }

    /// <summary>
    /// Adds an adversarial image column and the attack's per-row report (success, L∞, L2, queries, class) from an
    /// image column and a label column, for the ONNX classifier in <see cref="AdversarialTransformOptions.ModelPath"/>.
    /// </summary>
    public static AdversarialEstimator AdversarialAttack(this TransformsCatalog catalog, AdversarialTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AdversarialEstimator(options);
    }

    /// <summary>Adds band features configured by <paramref name="options"/>.</summary>
    public static BandFeaturesEstimator FrequencyBandFeatures(this TransformsCatalog catalog, BandFeaturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BandFeaturesEstimator(options);
    }

    /// <summary>
    /// Images in memory as a data view: column <c>Image</c> (Single[C·H·W] with dimensions (C, H, W)) and, with
    /// labels, <c>Label</c> (Int32) — e.g. a set loaded by <c>DataSources.Load</c>.
    /// </summary>
    public static IDataView LoadFromImages(this DataOperationsCatalog catalog, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TensorDataView(images);
    }

    /// <summary>
    /// A robust (robust model) or non-robust (natural model) data set made by <paramref name="matching"/> from
    /// <paramref name="source"/> (the paper's Experiment II), as a data view with columns <c>Image</c> and <c>Label</c>
    /// (each generated image keeps the label of the image whose representation it matches).
    /// </summary>
    public static IDataView GenerateByRepresentationMatching(this DataOperationsCatalog catalog, LabeledImages source, RepresentationMatching matching, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(matching);
        if (source.Labels is null)
        {
            throw new ArgumentException("Expected labels with the source images (each generated image keeps its target's label), found none.", nameof(source));
        }

        var (images, _) = matching.Generate(source.Images.Data, source.Images.Shape.N, progress);
        return new TensorDataView(new LabeledImages(new ImageTensor(images, source.Images.Shape), source.Labels, source.ClassNames));
    }
}
