using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>Trivial estimator of <see cref="DctTransformer"/>: nothing is learned; <see cref="Fit"/> checks the schema.</summary>
public sealed class DctEstimator(DctOptions options) : IEstimator<DctTransformer>
{
    /// <summary>The options.</summary>
    public DctOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public DctTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new DctTransformer(Options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaColumns.CheckImageColumn(inputSchema, Options.InputColumnName ?? Options.OutputColumnName);
        return SchemaColumns.Extend(inputSchema,
            SchemaColumns.Describe(Options.OutputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single));
    }
}

/// <summary>Trivial estimator of <see cref="BandFeaturesTransformer"/>.</summary>
public sealed class BandFeaturesEstimator(BandFeaturesOptions options) : IEstimator<BandFeaturesTransformer>
{
    /// <summary>The options.</summary>
    public BandFeaturesOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public BandFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new BandFeaturesTransformer(Options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaColumns.CheckImageColumn(inputSchema, Options.InputColumnName ?? Options.OutputColumnName);
        return SchemaColumns.Extend(inputSchema,
            SchemaColumns.Describe(Options.OutputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single));
    }
}
