using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Base of our transformers that read one image column (a Single vector with dimensions (C, H, W)) and add
/// columns computed in batches. <see cref="Transform"/> is lazy; <see cref="GetRowToRowMapper"/> serves
/// <see cref="PredictionEngine{TSrc,TDst}"/>; persistence goes through <see cref="MlNetFreqModel"/>.
/// </summary>
public abstract class ImageColumnTransformer : IPersistableTransformer
{
    /// <summary>Sets the input column, an optional declared image shape (for flat vectors) and the rows per batch.</summary>
    protected ImageColumnTransformer(string inputColumnName, ImageShape? imageShape, int batchSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected at least one row per batch.");
        }

        InputColumnName = inputColumnName;
        ImageShape = imageShape;
        BatchSize = batchSize;
    }

    /// <summary>The image column read.</summary>
    public string InputColumnName { get; }

    /// <summary>Image shape declared by the user for a flat vector column, or null to read the column's dimensions.</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>Rows mapped per backend call.</summary>
    public int BatchSize { get; }

    /// <summary>Label column (Int32 or a key type) read with the images, or null.</summary>
    public virtual string? LabelColumnName => null;

    /// <summary>The column whose integer value seeds each row's random stream, or null (see <see cref="IImageColumnOptions.IdColumnName"/>).</summary>
    public virtual string? IdColumnName => null;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public abstract JsonNode OptionsToJson();

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, byte[]> EmbeddedFiles { get; } = new Dictionary<string, byte[]>();

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var (_, _, _, mapper) = Bind(inputSchema);
        return MappedSchema.Build(inputSchema, mapper);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var (index, label, id, mapper) = Bind(inputSchema);
        return new SingleRowMapper(inputSchema, mapper, index, label, id);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (index, label, id, mapper) = Bind(input.Schema);
        return new BatchedDataView(input, mapper, index, label, id, BatchSize);
    }

    /// <summary>Not supported: ML.NET's model format only loads transformers that ML.NET itself registers.</summary>
    public void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        $"{GetType().Name} cannot be saved with mlContext.Model.Save: ML.NET keeps its model loader registry internal. "
        + "Use MlNetFreqModel.Save(model, path, mlContext, inputSchema) (or this transformer's SaveTo) instead; it also stores stock ML.NET parts of a chain.");

    /// <summary>Saves this transformer alone to a versioned zip (see <see cref="MlNetFreqModel"/>).</summary>
    public void SaveTo(string path) => MlNetFreqModel.Save(this, path);

    /// <summary>Builds the mapper for a schema, checking the image column.</summary>
    protected abstract BatchImageMapper CreateMapper(ImageShape shape);

    private (int Index, int Label, int Id, BatchImageMapper Mapper) Bind(DataViewSchema schema)
    {
        var (index, shape) = SchemaColumns.FindImageColumn(schema, InputColumnName, ImageShape);
        int label = LabelColumnName is null ? -1 : SchemaColumns.FindLabelColumn(schema, LabelColumnName);
        int id = IdColumnName is null ? -1 : SchemaColumns.FindIdColumn(schema, IdColumnName);
        return (index, label, id, CreateMapper(shape));
    }
}

/// <summary>
/// An <see cref="ImageColumnTransformer"/> configured by one options record, which is what it persists: the record gives
/// the image column, declared shape, batch size, label column and the columns added.
/// </summary>
public abstract class ImageColumnTransformer<TOptions> : ImageColumnTransformer
    where TOptions : class, IImageColumnOptions
{
    /// <summary>Keeps the options.</summary>
    protected ImageColumnTransformer(TOptions options)
        : base((options ?? throw new ArgumentNullException(nameof(options))).InputColumnName, options.ImageShape, options.BatchSize)
    {
        Options = options;
    }

    /// <summary>The options it was made with.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public override string? LabelColumnName => ((IImageColumnOptions)Options).LabelColumnName;

    /// <inheritdoc />
    public override string? IdColumnName => ((IImageColumnOptions)Options).IdColumnName;

    /// <summary>The mapper's columns for images of <paramref name="shape"/>, as the options declare them.</summary>
    protected IReadOnlyList<MappedColumn> ColumnsFor(ImageShape shape) => [.. Options.OutputColumns().Select(c => c.MappedFor(shape))];

    /// <inheritdoc />
    public override JsonNode OptionsToJson() => System.Text.Json.JsonSerializer.SerializeToNode(Options, PersistenceJson.Options)!;

    /// <summary>Options read back from a saved model.</summary>
    protected static TOptions ReadOptions(JsonNode options) => System.Text.Json.JsonSerializer.Deserialize<TOptions>(options, PersistenceJson.Options)!;
}
