using System.Globalization;
using MlNetFreq.ML.Spectra;
using Parquet;

namespace MlNetFreq.ML.Tests;

/// <summary>The spectrum table writes the same file whatever blocks its rows arrive in (what cluster merges rely on).</summary>
public sealed class SpectrumTableWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int Rows = 9000, Bands = 3; // more than two 4096-row blocks

    private static float Value(int row, int band) => (float)Math.Sin(row * 0.37 + band * 1.3) * (band + 1);

    private string Write(string name, params int[] chunks)
    {
        string path = Path.Combine(_dir, name);
        using var table = SpectrumTableWriter.Create(path, Bands, hasLabels: true);
        int row = 0;
        foreach (int chunk in chunks)
        {
            int[] index = Enumerable.Range(row, chunk).ToArray();
            int[] labels = index.Select(i => i % 10).ToArray();
            float[] values = index.SelectMany(i => Enumerable.Range(0, Bands).Select(k => Value(i, k))).ToArray();
            table.Add(index, labels, values);
            row += chunk;
        }

        return path;
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".parquet")]
    public void RowsInAnyBlocksGiveTheSameFile(string extension)
    {
        string whole = Write("whole" + extension, Rows);
        string pieces = Write("pieces" + extension, 1000, 3, 5000, 1, 2996);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(pieces));
    }

    [Fact]
    public async Task ParquetHoldsTheRowsInRowGroupsOf4096()
    {
        string path = Write("t.parquet", 700, 8300);
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal([4096, 4096, 808], Enumerable.Range(0, reader.RowGroupCount).Select(g => (int)reader.OpenRowGroupReader(g).RowCount));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["index", "label", "band_0", "band_1", "band_2"], fields.Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(1);
        var index = new int[4096];
        var band2 = new float[4096];
        await group.ReadAsync<int>(fields[0], index);
        await group.ReadAsync<float>(fields[4], band2);
        Assert.Equal(4096, index[0]);
        Assert.Equal(Value(4096 + 17, 2), band2[17]);
    }

    [Fact]
    public void CsvRowsRoundTrip()
    {
        string[] lines = File.ReadAllLines(Write("t.csv", 10));
        Assert.Equal("index,label,band_0,band_1,band_2", lines[0]);
        string[] row7 = lines[8].Split(',');
        Assert.Equal(["7", "7"], row7[..2]);
        Assert.Equal(Value(7, 1), float.Parse(row7[3], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OtherExtensionsAreRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => SpectrumTableWriter.Create(Path.Combine(_dir, "t.tsv"), Bands, false));
        Assert.Contains("expected a file name ending in .csv or .parquet (the format written), found '.tsv'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "t.tsv")));
    }
}
