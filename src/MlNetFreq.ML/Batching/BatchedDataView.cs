using Microsoft.ML;

namespace MlNetFreq.ML.Batching;

/// <summary>
/// The lazy result of our transformers: the input view plus the columns of a <see cref="BatchImageMapper"/>.
/// Creating it computes nothing; a cursor that asks for a mapped column pulls a block of rows from upstream,
/// maps the block in one call and then serves the rows. Memory is one block, whatever the number of rows.
/// </summary>
internal sealed class BatchedDataView : IDataView
{
    private readonly IDataView _input;

    public BatchedDataView(IDataView input, BatchImageMapper mapper, int imageColumn, int labelColumn, int idColumn, int batchSize)
    {
        _input = input;
        Mapper = mapper;
        ImageColumn = imageColumn;
        LabelColumn = labelColumn;
        IdColumn = idColumn;
        BatchSize = batchSize;
        Schema = MappedSchema.Build(input.Schema, mapper);
    }

    public BatchImageMapper Mapper { get; }

    public int ImageColumn { get; }

    /// <summary>Index of the label column read with the images, or −1.</summary>
    public int LabelColumn { get; }

    /// <summary>Index of the column whose values are the rows' identities, or −1 (identity = position).</summary>
    public int IdColumn { get; }

    public int BatchSize { get; }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = new HashSet<int>(columnsNeeded.Select(c => c.Index));
        int inputCount = _input.Schema.Count;
        bool mapping = needed.Any(i => i >= inputCount);
        var upstreamColumns = needed.Where(i => i < inputCount).ToHashSet();
        if (mapping)
        {
            upstreamColumns.Add(ImageColumn);
            if (LabelColumn >= 0)
            {
                upstreamColumns.Add(LabelColumn);
            }

            if (IdColumn >= 0)
            {
                upstreamColumns.Add(IdColumn);
            }
        }

        var upstream = _input.GetRowCursor(upstreamColumns.Select(i => _input.Schema[i]), rand);
        return new BatchedCursor(this, upstream, needed, mapping);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
