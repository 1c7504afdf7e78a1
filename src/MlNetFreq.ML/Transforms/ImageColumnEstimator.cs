using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Trivial estimator of an <see cref="ImageColumnTransformer"/>: nothing is learned; <see cref="Fit"/> builds the
/// transformer and checks the data's schema (so errors surface at Fit), and <see cref="GetOutputSchema"/> checks the
/// image (and label) column and adds the transformer's columns.
/// </summary>
public abstract class ImageColumnEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ImageColumnTransformer
{
    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = Create();
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaColumns.CheckImageColumn(inputSchema, InputColumnName);
        if (LabelColumnName is not null)
        {
            SchemaColumns.CheckLabelColumn(inputSchema, LabelColumnName);
        }

        return SchemaColumns.Extend(inputSchema, [.. AddedColumns()]);
    }

    /// <summary>The image column read.</summary>
    protected abstract string InputColumnName { get; }

    /// <summary>The label column read, or null.</summary>
    protected virtual string? LabelColumnName => null;

    /// <summary>Builds the transformer.</summary>
    protected abstract TTransformer Create();

    /// <summary>The columns the transformer adds.</summary>
    protected abstract IEnumerable<SchemaShape.Column> AddedColumns();

    /// <summary>A known-size Single vector column.</summary>
    protected static SchemaShape.Column SingleVector(string name) => SchemaColumns.Describe(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);

    /// <summary>A scalar column.</summary>
    protected static SchemaShape.Column Scalar(string name, DataViewType type) => SchemaColumns.Describe(name, SchemaShape.Column.VectorKind.Scalar, type);
}
