using System.IO.Compression;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Data.Tests;

public sealed class IdxAndCifarTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static byte[] IdxBytes(int[] dims, byte[] data)
    {
        var ms = new MemoryStream();
        ms.Write([0, 0, 0x08, (byte)dims.Length]);
        foreach (int d in dims)
        {
            ms.Write([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        ms.Write(data);
        return ms.ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(raw);
        }

        return ms.ToArray();
    }

    [Fact]
    public void GzippedIdxPairLoadsAsImagesAndLabels()
    {
        byte[] pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 4)).ToArray();
        File.WriteAllBytes(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), Gzip(IdxBytes([3, 4, 5], pixels)));
        File.WriteAllBytes(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), Gzip(IdxBytes([3], [7, 0, 2])));

        var data = DataSources.Load(_dir);
        Assert.Equal(new Spectral.Tensors.ImageBatchShape(3, 1, 4, 5), data.Images.Shape);
        Assert.Equal(new[] { 7, 0, 2 }, data.Labels);
        Assert.Equal(pixels[37] / 255f, data.Images.Data[37]);

        var limited = DataSources.Load(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), limit: 2);
        Assert.Equal(2, limited.Images.Shape.N);
        Assert.Equal(new[] { 7, 0 }, limited.Labels);
    }

    [Fact]
    public void IdxErrorsNameWhatWasExpected()
    {
        Assert.Contains("0x0D", Assert.Throws<DataFormatException>(() => IdxFile.Parse([0, 0, 0x0D, 1, 0, 0, 0, 0], "f")).Message, StringComparison.Ordinal);
        Assert.Contains("need 6 data bytes", Assert.Throws<DataFormatException>(() => IdxFile.Parse(IdxBytes([2, 3], new byte[5]), "f")).Message, StringComparison.Ordinal);
        string corrupt = Path.Combine(_dir, "c-idx3-ubyte.gz");
        File.WriteAllBytes(corrupt, [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        var ex = Assert.Throws<DataFormatException>(() => IdxFile.ReadImages(corrupt));
        Assert.Contains(corrupt, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CifarRecordsDecodeToPlanarRgb()
    {
        var record = new byte[CifarBinaryFile.RecordLength * 2];
        record[0] = 3;
        record[1 + 1024 + 5 * 32 + 7] = 255; // green plane, row 5, column 7 of image 0
        record[CifarBinaryFile.RecordLength] = 9;
        string path = Path.Combine(_dir, "b.bin");
        File.WriteAllBytes(path, record);
        var data = CifarBinaryFile.Read(path);
        Assert.Equal(new[] { 3, 9 }, data.Labels);
        Assert.Equal(1f, data.Images.Data[1024 + 5 * 32 + 7]);
        Assert.Equal(1f, data.Images.Data.Sum());
        Assert.Equal("cat", data.ClassNames![3]);
    }

    [Fact]
    public void CifarErrorsNameRecordAndLength()
    {
        string path = Path.Combine(_dir, "short.bin");
        File.WriteAllBytes(path, new byte[CifarBinaryFile.RecordLength + 5]);
        Assert.Contains("5 left over", Assert.Throws<DataFormatException>(() => CifarBinaryFile.Read(path)).Message, StringComparison.Ordinal);
        var bad = new byte[CifarBinaryFile.RecordLength * 2];
        bad[CifarBinaryFile.RecordLength] = 12;
        File.WriteAllBytes(path, bad);
        Assert.Contains("record 1", Assert.Throws<DataFormatException>(() => CifarBinaryFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [RequiresSharedFact("data/cifar10/test_batch.bin")]
    public void SharedCifarTestSetMatchesItsIndex()
    {
        string dir = Path.Combine(RepoPaths.Shared, "data", "cifar10");
        var data = DataSources.Load(dir, limit: 100);
        string[] index = File.ReadLines(Path.Combine(dir, "test_index.csv")).Skip(1).Take(100).ToArray();
        Assert.Equal(index.Select(l => int.Parse(l.Split(',')[1])), data.Labels!);
        Assert.Equal(new Spectral.Tensors.ImageBatchShape(100, 3, 32, 32), data.Images.Shape);
    }
}
