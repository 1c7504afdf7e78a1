using CsCheck;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Data.Tests;

/// <summary>
/// Thousands of random and mutated byte strings: every parser answers with a result or a <see cref="DataFormatException"/>
/// whose message names the file — no other exception type, whatever its message.
/// </summary>
public sealed class ParserFuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] ValidNpy = NpyFileTests.NpyBytes("<f4", "(1, 1, 2, 2)", new byte[16]);
    private static readonly byte[] ValidIdx = IdxAndCifarTests.IdxBytes([2, 2, 2], new byte[8]);
    private static readonly byte[] ValidBmp = Bmp.Create(3, 2, (_, _) => (9, 8, 7));

    /// <summary>Random bytes, or a valid file with a few bytes overwritten and possibly truncated.</summary>
    private static Gen<byte[]> Inputs(byte[] valid) => Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, valid.Length - 1].Select(Gen.Byte).Array[1, 6]).Select((cut, edits) =>
        {
            var b = (byte[])valid.Clone();
            foreach (var (at, value) in edits)
            {
                b[at] = value;
            }

            return b[..Math.Max(cut, 1)];
        }));

    private static void OnlyFormatErrors(Action parse, string source)
    {
        try
        {
            parse();
        }
        catch (DataFormatException ex)
        {
            Assert.StartsWith(source + ": ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NpyParserSeesOnlyFormatErrors() =>
        Inputs(ValidNpy).Sample(bytes =>
        {
            OnlyFormatErrors(() => NpyFile.Read(new MemoryStream(bytes), "fuzz.npy"), "fuzz.npy");
            string path = Path.Combine(_dir, $"f{Environment.CurrentManagedThreadId}.npy");
            File.WriteAllBytes(path, bytes);
            OnlyFormatErrors(() => NpyFile.ReadImages(path), path);
            OnlyFormatErrors(() => NpyFile.ReadLabels(path), path);
        }, iter: 3000);

    [Fact]
    public void IdxParserSeesOnlyFormatErrors() =>
        Inputs(ValidIdx).Sample(bytes =>
        {
            OnlyFormatErrors(() => IdxFile.Parse(bytes, "fuzz"), "fuzz");
            string gz = GzipLike(bytes);
            try
            {
                OnlyFormatErrors(() => IdxFile.Read(gz), gz);
            }
            finally
            {
                File.Delete(gz);
            }
        }, iter: 3000);

    [Fact]
    public void CifarParserSeesOnlyFormatErrors() =>
        Gen.Byte.Array[0, CifarBinaryFile.RecordLength * 2 + 3].Sample(bytes =>
        {
            string path = Path.Combine(_dir, $"c{Environment.CurrentManagedThreadId}.bin");
            File.WriteAllBytes(path, bytes);
            OnlyFormatErrors(() => CifarBinaryFile.Read(path), path);
        }, iter: 300);

    [Fact]
    public void ImageDecoderSeesOnlyFormatErrors() =>
        Inputs(ValidBmp).Sample(bytes =>
        {
            string path = Path.Combine(_dir, $"i{Environment.CurrentManagedThreadId}.bmp");
            File.WriteAllBytes(path, bytes);
            OnlyFormatErrors(() => ImageFolder.Decode(path, 3), path);
        }, iter: 1000);

    // A corrupt BMP header the sampler once found (the decoder seeked before the start of the bytes: an IOException),
    // replayed from its seed so it stays covered.
    [Fact]
    public void TheCorruptBmpHeaderFoundByFuzzingIsAFormatError() =>
        Inputs(ValidBmp).Sample(bytes =>
        {
            string path = Path.Combine(_dir, $"s{Environment.CurrentManagedThreadId}.bmp");
            File.WriteAllBytes(path, bytes);
            OnlyFormatErrors(() => ImageFolder.Decode(path, 3), path);
        }, iter: 1000, seed: "cxNoHh4PtCH2");

    // The bytes behind a gzip magic number, in a file named like an IDX image file.
    private static string GzipLike(byte[] bytes)
    {
        var gz = new byte[bytes.Length + 2];
        gz[0] = 0x1F;
        gz[1] = 0x8B;
        bytes.CopyTo(gz, 2);
        string path = Path.Combine(Path.GetTempPath(), $"mlnetfreq-fuzz-{Guid.NewGuid():N}-idx3-ubyte.gz");
        File.WriteAllBytes(path, gz);
        return path;
    }
}
