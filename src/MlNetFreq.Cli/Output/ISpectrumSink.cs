namespace MlNetFreq.Cli.Output;

/// <summary>Receives band spectra block by block: row indices, optional labels and rows × bands values.</summary>
internal interface ISpectrumSink : IDisposable
{
    void Write(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values);
}

/// <summary>Creates the sink that the output file's extension names.</summary>
internal static class SpectrumSinks
{
    public static ISpectrumSink Create(string path, int bands, bool hasLabels)
    {
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => new SpectrumCsvWriter(path, bands, hasLabels),
            ".parquet" => new SpectrumParquetWriter(path, bands, hasLabels),
            var ext => throw new ArgumentException($"--output: expected a .csv or .parquet file, found '{ext}' ({path})."),
        };
    }

    public static IEnumerable<string> ColumnNames(int bands, bool hasLabels) =>
        new[] { "index" }.Concat(hasLabels ? ["label"] : Array.Empty<string>()).Concat(Enumerable.Range(0, bands).Select(k => $"band_{k}"));
}
