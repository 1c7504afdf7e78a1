using System.Text;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Data.Tests;

public sealed class NpyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Float32RoundTripKeepsShapeAndValues()
    {
        float[] x = TestArrays.Uniform(2 * 3 * 4 * 5, seed: 1);
        NpyFile.Write(PathOf("x.npy"), x, 2, 3, 4, 5);
        var images = NpyFile.ReadImages(PathOf("x.npy"));
        Assert.Equal(new Spectral.Tensors.ImageBatchShape(2, 3, 4, 5), images.Shape);
        Assert.Equal(x, images.Data);

        // The header is padded so that data starts on a 64-byte boundary, as numpy.lib.format does.
        byte[] raw = File.ReadAllBytes(PathOf("x.npy"));
        Assert.Equal(0, (raw.Length - x.Length * 4) % 64);
        string header = Encoding.ASCII.GetString(raw, 10, raw.Length - x.Length * 4 - 10);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4, 5), }", header, StringComparison.Ordinal);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsRoundTripAsInt64AndInt32()
    {
        NpyFile.Write(PathOf("y64.npy"), new long[] { 3, 0, 9 }, 3);
        NpyFile.Write(PathOf("y32.npy"), new[] { 1, 2 }, 2);
        Assert.Equal(new[] { 3, 0, 9 }, NpyFile.ReadLabels(PathOf("y64.npy")));
        Assert.Equal(new[] { 1, 2 }, NpyFile.ReadLabels(PathOf("y32.npy")));
    }

    [Fact]
    public void Uint8NhwcImagesAreScaledAndTransposedToNchw()
    {
        // Two 2×2 RGB images; pixel (h, w) of image n has channel values (n*100 + h*10 + w, +1, +2).
        var bytes = new List<byte>();
        for (int n = 0; n < 2; n++)
        {
            for (int h = 0; h < 2; h++)
            {
                for (int w = 0; w < 2; w++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        bytes.Add((byte)(n * 100 + h * 10 + w + c));
                    }
                }
            }
        }

        File.WriteAllBytes(PathOf("u8.npy"), NpyBytes("|u1", "(2, 2, 2, 3)", bytes.ToArray()));
        var images = NpyFile.ReadImages(PathOf("u8.npy"));
        Assert.Equal(new Spectral.Tensors.ImageBatchShape(2, 3, 2, 2), images.Shape);
        // NCHW index of (n=1, c=2, h=1, w=0) = ((1*3 + 2)*2 + 1)*2 + 0 = 22.
        Assert.Equal((100 + 10 + 0 + 2) / 255f, images.Data[22]);
    }

    [Fact]
    public void CommittedSampleHasTheDocumentedLayout()
    {
        NpyArray a = NpyFile.Read(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"));
        Assert.Equal("u1", a.DType);
        Assert.Equal(new[] { 1000, 28, 28, 1 }, a.Shape);
        int[] labels = NpyFile.ReadLabels(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"));
        Assert.Equal(1000, labels.Length);
        Assert.Equal(9, labels[0]); // the first Fashion-MNIST test image is an ankle boot
        Assert.All(Enumerable.Range(0, 10), k => Assert.InRange(labels.Count(l => l == k), 80, 120));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "fortran_order True")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "little-endian")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "'<c8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "needs 12 data bytes")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "4 more bytes")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "'-2'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "'shape'")]
    public void BadHeadersNameTheProblem(string header, string expectedFragment)
    {
        File.WriteAllBytes(PathOf("bad.npy"), NpyBytes(header, new byte[8]));
        var ex = Assert.Throws<DataFormatException>(() => NpyFile.Read(PathOf("bad.npy")));
        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains(PathOf("bad.npy"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongMagicAndTruncationAreReported()
    {
        File.WriteAllBytes(PathOf("magic.npy"), Encoding.ASCII.GetBytes("PK\x03\x04 not numpy at all"));
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => NpyFile.Read(PathOf("magic.npy"))).Message, StringComparison.Ordinal);

        NpyFile.Write(PathOf("t.npy"), new float[100], 100);
        byte[] full = File.ReadAllBytes(PathOf("t.npy"));
        File.WriteAllBytes(PathOf("t.npy"), full[..(full.Length - 7)]);
        Assert.Contains("needs 400 data bytes", Assert.Throws<DataFormatException>(() => NpyFile.Read(PathOf("t.npy"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongArrayKindsForImagesAndLabelsAreReported()
    {
        NpyFile.Write(PathOf("flat.npy"), new float[6], 6);
        var ex = Assert.Throws<DataFormatException>(() => NpyFile.ReadImages(PathOf("flat.npy")));
        Assert.Contains("expected images as float32 [N,C,H,W] or uint8 [N,H,W,C], found float32 with shape (6,)", ex.Message, StringComparison.Ordinal);

        NpyFile.Write(PathOf("neg.npy"), new long[] { 1, -4 }, 2);
        Assert.Contains("found -4 at row 1", Assert.Throws<DataFormatException>(() => NpyFile.ReadLabels(PathOf("neg.npy"))).Message, StringComparison.Ordinal);

        var nan = new float[4];
        nan[3] = float.NaN;
        NpyFile.Write(PathOf("nan.npy"), nan, 1, 1, 2, 2);
        var nanEx = Assert.Throws<DataFormatException>(() => NpyFile.ReadImages(PathOf("nan.npy")));
        Assert.Contains("found NaN at image 0, channel 0, row 1, column 1", nanEx.Message, StringComparison.Ordinal);
    }

    internal static byte[] NpyBytes(string descr, string shape, byte[] data) =>
        NpyBytes($"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}", data);

    internal static byte[] NpyBytes(string header, byte[] data)
    {
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        byte[] h = Encoding.ASCII.GetBytes(header + "\n");
        ms.WriteByte((byte)h.Length);
        ms.WriteByte((byte)(h.Length >> 8));
        ms.Write(h);
        ms.Write(data);
        return ms.ToArray();
    }
}
