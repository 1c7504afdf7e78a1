using Microsoft.ML;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Trivial estimator of an <see cref="ImageColumnTransformer"/>: nothing is learned; <see cref="Fit"/> builds the
/// transformer and checks the data's schema (so errors surface at Fit), and <see cref="GetOutputSchema"/> checks the
/// image (and label) column and adds the columns the options declare (<see cref="IImageColumnOptions.OutputColumns"/>,
/// the same list the transformer's mapper uses).
/// </summary>
public abstract class ImageColumnEstimator<TTransformer, TOptions> : IEstimator<TTransformer>
    where TTransformer : ImageColumnTransformer
    where TOptions : class, IImageColumnOptions
{
    private readonly Func<TOptions, TTransformer> _create;

    /// <summary>Keeps the options and how to make the transformer from them.</summary>
    protected ImageColumnEstimator(TOptions options, Func<TOptions, TTransformer> create)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _create = create;
    }

    /// <summary>The options.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = _create(Options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaColumns.CheckImageColumn(inputSchema, Options.InputColumnName);
        if (((IImageColumnOptions)Options).LabelColumnName is { } label)
        {
            SchemaColumns.CheckLabelColumn(inputSchema, label);
        }

        if (((IImageColumnOptions)Options).IdColumnName is { } id)
        {
            SchemaColumns.CheckIdColumn(inputSchema, id);
        }

        return SchemaColumns.Extend(inputSchema, [.. Options.OutputColumns().Select(c => c.SchemaColumn)]);
    }
}
