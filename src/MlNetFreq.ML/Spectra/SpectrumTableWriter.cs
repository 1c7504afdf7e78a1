namespace MlNetFreq.ML.Spectra;

/// <summary>
/// A band-spectrum table (<c>mlnetfreq spectrum --output</c>): columns index, label (when known), band_0 … band_{K-1};
/// CSV or Parquet by the file's extension. Rows are buffered and written in blocks of <see cref="BlockRows"/> (a Parquet
/// row group each), whatever blocks they arrive in, so a table assembled from shards is the same file as one written in
/// one pass.
/// </summary>
public sealed class SpectrumTableWriter : IDisposable
{
    /// <summary>Rows per written block (Parquet row group).</summary>
    public const int BlockRows = 4096;

    private readonly ISpectrumSink _sink;
    private readonly int[] _index = new int[BlockRows];
    private readonly int[] _labels = new int[BlockRows];
    private readonly float[] _values;
    private int _rows;

    private SpectrumTableWriter(ISpectrumSink sink, int bands, bool hasLabels)
    {
        _sink = sink;
        Bands = bands;
        HasLabels = hasLabels;
        _values = new float[BlockRows * bands];
    }

    /// <summary>Bands per row.</summary>
    public int Bands { get; }

    /// <summary>Whether the table has a label column.</summary>
    public bool HasLabels { get; }

    /// <summary>Rows added so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Creates the table at <paramref name="path"/> (.csv or .parquet; anything else is an error naming it).</summary>
    public static SpectrumTableWriter Create(string path, int bands, bool hasLabels)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ISpectrumSink sink = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => new CsvSpectrumSink(path, bands, hasLabels),
            ".parquet" => new ParquetSpectrumSink(path, bands, hasLabels),
            _ => throw FormatError(path),
        };
        return new SpectrumTableWriter(sink, bands, hasLabels);
    }

    private static ArgumentException FormatError(string path) =>
        new($"path {path}: expected a file name ending in .csv or .parquet (the format written), found '{Path.GetExtension(path)}'.");

    /// <summary>The table's column names.</summary>
    public static IEnumerable<string> ColumnNames(int bands, bool hasLabels) =>
        new[] { "index" }.Concat(hasLabels ? ["label"] : Array.Empty<string>()).Concat(Enumerable.Range(0, bands).Select(k => $"band_{k}"));

    /// <summary>Adds rows: their indices, labels (empty without a label column) and rows × <see cref="Bands"/> values.</summary>
    public void Add(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values)
    {
        if (values.Length != index.Length * Bands || (HasLabels && labels.Length != index.Length))
        {
            throw new ArgumentException($"expected {index.Length} rows of {Bands} bands{(HasLabels ? " with labels" : "")}, found {values.Length} values and {labels.Length} labels.");
        }

        for (int r = 0; r < index.Length; r++)
        {
            _index[_rows] = index[r];
            _labels[_rows] = HasLabels ? labels[r] : 0;
            values.Slice(r * Bands, Bands).CopyTo(_values.AsSpan(_rows * Bands, Bands));
            if (++_rows == BlockRows)
            {
                Flush();
            }
        }

        RowsWritten += index.Length;
    }

    /// <summary>Writes the last block and closes the file.</summary>
    public void Dispose()
    {
        Flush();
        _sink.Dispose();
    }

    private void Flush()
    {
        if (_rows > 0)
        {
            _sink.Write(_index.AsSpan(0, _rows), _labels.AsSpan(0, _rows), _values.AsSpan(0, _rows * Bands));
            _rows = 0;
        }
    }
}
