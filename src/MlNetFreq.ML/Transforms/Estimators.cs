namespace MlNetFreq.ML.Transforms;

/// <summary>Estimator of <see cref="DctTransformer"/>.</summary>
public sealed class DctEstimator(DctOptions options) : ImageColumnEstimator<DctTransformer, DctOptions>(options, o => new DctTransformer(o));

/// <summary>Estimator of <see cref="BandFeaturesTransformer"/>.</summary>
public sealed class BandFeaturesEstimator(BandFeaturesOptions options) : ImageColumnEstimator<BandFeaturesTransformer, BandFeaturesOptions>(options, o => new BandFeaturesTransformer(o));

/// <summary>Estimator of <see cref="OccludedFrequencyTransformer"/>.</summary>
public sealed class OccludedFrequencyEstimator(OccludedFrequencyTransformOptions options)
    : ImageColumnEstimator<OccludedFrequencyTransformer, OccludedFrequencyTransformOptions>(options, o => new OccludedFrequencyTransformer(o));

/// <summary>Estimator of <see cref="AdversarialTransformer"/>; its schema check covers the image and label columns.</summary>
public sealed class AdversarialEstimator(AdversarialTransformOptions options)
    : ImageColumnEstimator<AdversarialTransformer, AdversarialTransformOptions>(options, o => new AdversarialTransformer(o));

/// <summary>Estimator of <see cref="CorruptionTransformer"/>.</summary>
public sealed class CorruptionEstimator(CorruptionTransformOptions options)
    : ImageColumnEstimator<CorruptionTransformer, CorruptionTransformOptions>(options, o => new CorruptionTransformer(o));

/// <summary>Estimator of <see cref="FrequencyFilterTransformer"/>.</summary>
public sealed class FrequencyFilterEstimator(FrequencyFilterOptions options)
    : ImageColumnEstimator<FrequencyFilterTransformer, FrequencyFilterOptions>(options, o => new FrequencyFilterTransformer(o));
