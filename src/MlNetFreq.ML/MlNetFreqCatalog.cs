using MlNetFreq;
using MlNetFreq.Data.Tensors;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Datasets;
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
    /// <param name="inputColumnName">Image column (Single vector with dimensions (C, H, W)).</param>
    /// <param name="direction">Forward DCT-II or inverse DCT-III.</param>
    /// <param name="backend">Auto (GPU via ILGPU when present, else managed SIMD), Managed or Ilgpu.</param>
    /// <example><code>var spectra = ml.Transforms.Dct2D("Spectrum", "Image").Fit(data).Transform(data);</code></example>
    public static DctEstimator Dct2D(this TransformsCatalog catalog, string outputColumnName = "Spectrum", string inputColumnName = "Image",
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
    /// <param name="inputColumnName">Image (or spectrum, with <paramref name="inputIsSpectrum"/>) column.</param>
    /// <param name="layout">Diagonal (k = u + v) or radial bands.</param>
    /// <param name="statistic">Mean absolute coefficient or energy.</param>
    /// <param name="inputIsSpectrum">True when the input already is a DCT spectrum.</param>
    /// <example><code>ml.Transforms.FrequencyBandFeatures("Features", "Image").Append(ml.Transforms.NormalizeMeanVariance("Features"))</code></example>
    public static BandFeaturesEstimator FrequencyBandFeatures(this TransformsCatalog catalog, string outputColumnName = "BandFeatures", string inputColumnName = "Image",
        BandLayout layout = BandLayout.Diagonal, BandStatistic statistic = BandStatistic.MeanAbsolute, bool inputIsSpectrum = false) =>
        catalog.FrequencyBandFeatures(new BandFeaturesOptions
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Layout = layout, Statistic = statistic, InputIsSpectrum = inputIsSpectrum,
        });

    /// <summary>
    /// Adds Occluded Frequency attribution (Single[bands]) and the explained class (Int32, the prediction or
    /// <paramref name="targetClass"/>) of the image column for the ONNX classifier at <paramref name="modelPath"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelPath">ONNX classifier taking [N, C, H, W] pixels in [0, 1] (its bytes are embedded when saved).</param>
    /// <param name="outputColumnName">Attribution column to add.</param>
    /// <param name="inputColumnName">Image column.</param>
    /// <param name="targetClass">Explain this class for every row; null explains the predicted class.</param>
    /// <example><code>ml.Transforms.OccludeFrequencies("models/fmnist-resnet8.onnx").Fit(data).Transform(data)</code></example>
    public static OccludedFrequencyEstimator OccludeFrequencies(this TransformsCatalog catalog, string modelPath, string outputColumnName = "Attribution",
        string inputColumnName = "Image", int? targetClass = null) =>
        catalog.OccludeFrequencies(new OccludedFrequencyTransformOptions
        {
            ModelPath = modelPath, OutputColumnName = outputColumnName, InputColumnName = inputColumnName,
            Attribution = new() { Target = targetClass is { } c ? AttributionTarget.Class(c) : AttributionTarget.Predicted },
        });

    /// <summary>Adds Occluded Frequency attribution configured by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public static OccludedFrequencyEstimator OccludeFrequencies(this TransformsCatalog catalog, OccludedFrequencyTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OccludedFrequencyEstimator(options);
    }

    /// <summary>
    /// Adds an adversarial image column and the attack's per-row report (success, L∞, L2, queries, class) from an
    /// image column and a label column, attacking the ONNX classifier at <paramref name="modelPath"/> with
    /// <paramref name="attack"/> (any registered attack's options, e.g. <c>new PgdOptions { Eps = 8.0 / 255 }</c>).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelPath">ONNX classifier taking [N, C, H, W] pixels in [0, 1].</param>
    /// <param name="attack">The attack and its hyper-parameters.</param>
    /// <param name="outputColumnName">Adversarial image column to add.</param>
    /// <param name="inputColumnName">Image column.</param>
    /// <param name="labelColumnName">Label column (Int32 or key): the true classes, or the targets of a targeted attack.</param>
    /// <example><code>ml.Transforms.AdversarialAttack("model.onnx", new PgdOptions { Eps = 0.1 })</code></example>
    public static AdversarialEstimator AdversarialAttack(this TransformsCatalog catalog, string modelPath, AttackOptions attack,
        string outputColumnName = "Adversarial", string inputColumnName = "Image", string labelColumnName = "Label") =>
        catalog.AdversarialAttack(new AdversarialTransformOptions
        {
            ModelPath = modelPath, Attack = attack, OutputColumnName = outputColumnName, InputColumnName = inputColumnName, LabelColumnName = labelColumnName,
        });

    /// <summary>Adds an adversarial image column configured by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
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
