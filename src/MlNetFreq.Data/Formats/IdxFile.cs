using System.Buffers.Binary;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// IDX files as used by MNIST and Fashion-MNIST (raw or gzip-compressed): two zero bytes, a type byte
/// (0x08 = unsigned byte, the only type these data sets use), the number of dimensions, then each dimension as a
/// big-endian uint32, then the data.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an unsigned-byte IDX file: its dimensions and its bytes.</summary>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        byte[] raw = DataFiles.ReadAllMaybeGzip(path);
        return Parse(raw, path);
    }

    /// <summary>Parses the bytes of an (uncompressed) unsigned-byte IDX file.</summary>
    public static (int[] Shape, byte[] Data) Parse(ReadOnlySpan<byte> raw, string source)
    {
        if (raw.Length < 4)
        {
            throw new DataFormatException(source, $"expected a 4-byte IDX magic number, found {raw.Length} bytes.");
        }

        if (raw[0] != 0 || raw[1] != 0)
        {
            throw new DataFormatException(source, $"expected an IDX magic number starting with 00 00, found {raw[0]:X2} {raw[1]:X2}.");
        }

        if (raw[2] != 0x08)
        {
            throw new DataFormatException(source, $"expected IDX element type 0x08 (unsigned byte), found 0x{raw[2]:X2}.");
        }

        int ndim = raw[3];
        if (ndim is < 1 or > 4)
        {
            throw new DataFormatException(source, $"expected 1 to 4 IDX dimensions, found {ndim}.");
        }

        int headerLength = 4 + 4 * ndim;
        if (raw.Length < headerLength)
        {
            throw new DataFormatException(source, $"expected {ndim} dimension sizes ({headerLength} header bytes), found {raw.Length} bytes.");
        }

        var shape = new int[ndim];
        long count = 1;
        for (int i = 0; i < ndim; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(raw[(4 + 4 * i)..]);
            if (d > int.MaxValue)
            {
                throw new DataFormatException(source, $"dimension {i} is {d}, larger than any array.");
            }

            shape[i] = (int)d;
            count *= d;
            if (count > int.MaxValue)
            {
                throw new DataFormatException(source, $"dimensions ({string.Join(", ", shape[..(i + 1)])}…) hold more than {int.MaxValue} elements.");
            }
        }

        if (raw.Length - headerLength != count)
        {
            throw new DataFormatException(source,
                $"dimensions ({string.Join(", ", shape)}) need {count} data bytes after the {headerLength}-byte header, found {raw.Length - headerLength}.");
        }

        return (shape, raw[headerLength..].ToArray());
    }

    /// <summary>Reads an IDX image file [N, H, W] into a [N, 1, H, W] tensor scaled by 1/255.</summary>
    public static ImageTensor ReadImages(string path)
    {
        var (shape, data) = Read(path);
        if (shape.Length != 3 || shape[1] < 1 || shape[2] < 1)
        {
            throw new DataFormatException(path, $"expected IDX images of 3 dimensions [N, H, W] with H, W ≥ 1, found ({string.Join(", ", shape)}).");
        }

        var pixels = new float[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }

        return new ImageTensor(pixels, new ImageBatchShape(shape[0], 1, shape[1], shape[2]));
    }

    /// <summary>Reads an IDX label file [N].</summary>
    public static int[] ReadLabels(string path)
    {
        var (shape, data) = Read(path);
        if (shape.Length != 1)
        {
            throw new DataFormatException(path, $"expected IDX labels of 1 dimension [N], found ({string.Join(", ", shape)}).");
        }

        return Array.ConvertAll(data, b => (int)b);
    }
}
