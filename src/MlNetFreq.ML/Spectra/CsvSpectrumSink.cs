using System.Globalization;
using System.Text;

namespace MlNetFreq.ML.Spectra;

/// <summary>CSV with a header row; floats written round-trippable ("R").</summary>
internal sealed class CsvSpectrumSink : ISpectrumSink
{
    private readonly StreamWriter _writer;
    private readonly int _bands;
    private readonly bool _hasLabels;
    private readonly StringBuilder _line = new();

    public CsvSpectrumSink(string path, int bands, bool hasLabels)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        _bands = bands;
        _hasLabels = hasLabels;
        _writer.WriteLine(string.Join(',', SpectrumTableWriter.ColumnNames(bands, hasLabels)));
    }

    public void Write(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values)
    {
        for (int r = 0; r < index.Length; r++)
        {
            _line.Clear().Append(index[r]);
            if (_hasLabels)
            {
                _line.Append(',').Append(labels[r]);
            }

            foreach (float v in values.Slice(r * _bands, _bands))
            {
                _line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            _writer.WriteLine(_line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
