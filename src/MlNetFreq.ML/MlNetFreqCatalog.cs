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
    /// Adds a corrupted copy of an image column: the common corruption <paramref name="kind"/> (a registered name such
    /// as <c>gaussian-noise</c>, <c>fog</c> or <c>jpeg</c>) at <paramref name="severity"/> 1–5, CIFAR-10-C's formulas.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="kind">The corruption's registered name.</param>
    /// <param name="severity">1 (mildest) to 5.</param>
    /// <param name="outputColumnName">Corrupted image column to add.</param>
    /// <param name="inputColumnName">Image column (pixels in [0, 1]).</param>
    /// <param name="seed">Seed of the random corruptions (each row's draws depend on it and the row's identity).</param>
    /// <example><code>ml.Transforms.Corrupt("fog", severity: 3)</code></example>
    public static CorruptionEstimator Corrupt(this TransformsCatalog catalog, string kind, int severity = 1, string outputColumnName = "Corrupted", string inputColumnName = "Image", int seed = 0)
    {
        var descriptor = MlNetFreq.Methods.Descriptors.MethodRegistry.Get(kind, typeof(CorruptionOptions));
        var corruption = (CorruptionOptions)descriptor.With(descriptor.CreateDefault(), [new("severity", severity), new("seed", seed)]);
        return catalog.Corrupt(new CorruptionTransformOptions { Corruption = corruption, OutputColumnName = outputColumnName, InputColumnName = inputColumnName });
    }

    /// <summary>Adds a corrupted image column configured by <paramref name="options"/>.</summary>
    public static CorruptionEstimator Corrupt(this TransformsCatalog catalog, CorruptionTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CorruptionEstimator(options);
    }

    /// <summary>
    /// Adds the low-pass (or high-pass) image of an image column: Wang et al.'s radial DFT mask of radius
    /// <paramref name="radius"/> around the centred zero frequency, or with <see cref="SpectralBasis.Dct"/>
    /// the diagonal DCT bands k &lt; radius. Not clipped.
    /// </summary>
    /// <example><code>ml.Transforms.FilterFrequencies("HighPass", radius: 8, pass: FrequencyPass.High)</code></example>
    public static FrequencyFilterEstimator FilterFrequencies(this TransformsCatalog catalog, string outputColumnName = "Filtered", string inputColumnName = "Image", double radius = 8,
        FrequencyPass pass = FrequencyPass.Low, SpectralBasis basis = SpectralBasis.Fourier) =>
        catalog.FilterFrequencies(new FrequencyFilterOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Radius = radius, Pass = pass, Basis = basis });

    /// <summary>Adds a filtered image column configured by <paramref name="options"/>.</summary>
    public static FrequencyFilterEstimator FilterFrequencies(this TransformsCatalog catalog, FrequencyFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FrequencyFilterEstimator(options);
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
