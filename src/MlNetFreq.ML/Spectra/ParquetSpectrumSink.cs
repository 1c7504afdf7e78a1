using Parquet;
using Parquet.Schema;

namespace MlNetFreq.ML.Spectra;

/// <summary>Parquet with one row group per block of the table writer: columns index, label (when known), band_0 … band_{K-1}.</summary>
internal sealed class ParquetSpectrumSink : ISpectrumSink
{
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField<int> _index = new("index");
    private readonly DataField<int>? _label;
    private readonly DataField<float>[] _bandFields;

    public ParquetSpectrumSink(string path, int bands, bool hasLabels)
    {
        _label = hasLabels ? new DataField<int>("label") : null;
        _bandFields = Enumerable.Range(0, bands).Select(k => new DataField<float>($"band_{k}")).ToArray();
        var fields = new List<Field> { _index };
        if (_label is not null)
        {
            fields.Add(_label);
        }

        fields.AddRange(_bandFields);
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), _stream).GetAwaiter().GetResult();
    }

    public void Write(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values)
    {
        int rows = index.Length;
        using var group = _writer.CreateRowGroup();
        group.WriteAsync<int>(_index, index.ToArray()).GetAwaiter().GetResult();
        if (_label is not null)
        {
            group.WriteAsync<int>(_label, labels.ToArray()).GetAwaiter().GetResult();
        }

        var column = new float[rows];
        int bands = _bandFields.Length;
        for (int k = 0; k < bands; k++)
        {
            for (int r = 0; r < rows; r++)
            {
                column[r] = values[r * bands + k];
            }

            group.WriteAsync<float>(_bandFields[k], column).GetAwaiter().GetResult();
        }
    }

    public void Dispose()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
