using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Transforms;

/// <summary>Estimator of <see cref="DctTransformer"/>.</summary>
public sealed class DctEstimator(DctOptions options) : ImageColumnEstimator<DctTransformer>
{
    /// <summary>The options.</summary>
    public DctOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    protected override string InputColumnName => Options.InputColumnName ?? Options.OutputColumnName;

    /// <inheritdoc />
    protected override DctTransformer Create() => new(Options);

    /// <inheritdoc />
    protected override IEnumerable<SchemaShape.Column> AddedColumns() => [SingleVector(Options.OutputColumnName)];
}

/// <summary>Estimator of <see cref="BandFeaturesTransformer"/>.</summary>
public sealed class BandFeaturesEstimator(BandFeaturesOptions options) : ImageColumnEstimator<BandFeaturesTransformer>
{
    /// <summary>The options.</summary>
    public BandFeaturesOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    protected override string InputColumnName => Options.InputColumnName ?? Options.OutputColumnName;

    /// <inheritdoc />
    protected override BandFeaturesTransformer Create() => new(Options);

    /// <inheritdoc />
    protected override IEnumerable<SchemaShape.Column> AddedColumns() => [SingleVector(Options.OutputColumnName)];
}

/// <summary>Estimator of <see cref="OccludedFrequencyTransformer"/>.</summary>
public sealed class OccludedFrequencyEstimator(OccludedFrequencyTransformOptions options) : ImageColumnEstimator<OccludedFrequencyTransformer>
{
    /// <summary>The options.</summary>
    public OccludedFrequencyTransformOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    protected override string InputColumnName => Options.InputColumnName;

    /// <inheritdoc />
    protected override OccludedFrequencyTransformer Create() => new(Options);

    /// <inheritdoc />
    protected override IEnumerable<SchemaShape.Column> AddedColumns() =>
        [SingleVector(Options.OutputColumnName), Scalar(Options.TargetClassColumnName, NumberDataViewType.Int32)];
}

/// <summary>Estimator of <see cref="AdversarialTransformer"/>; its schema check covers the image and label columns.</summary>
public sealed class AdversarialEstimator(AdversarialTransformOptions options) : ImageColumnEstimator<AdversarialTransformer>
{
    /// <summary>The options.</summary>
    public AdversarialTransformOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    protected override string InputColumnName => Options.InputColumnName;

    /// <inheritdoc />
    protected override string? LabelColumnName => Options.LabelColumnName;

    /// <inheritdoc />
    protected override AdversarialTransformer Create() => new(Options);

    /// <inheritdoc />
    protected override IEnumerable<SchemaShape.Column> AddedColumns()
    {
        string p = Options.ReportPrefix;
        return
        [
            SingleVector(Options.OutputColumnName), Scalar(p + "Success", BooleanDataViewType.Instance), Scalar(p + "Linf", NumberDataViewType.Single),
            Scalar(p + "L2", NumberDataViewType.Single), Scalar(p + "Queries", NumberDataViewType.Int32), Scalar(p + "Class", NumberDataViewType.Int32),
        ];
    }
}
