using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0, little-endian, C order;
/// see numpy.lib.format). Images are float32 <c>[N,C,H,W]</c> or uint8 <c>[N,H,W,C]</c> / <c>[N,H,W]</c>
/// (bytes scaled by 1/255); labels are integer <c>[N]</c>.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an array from a file.</summary>
    public static NpyArray Read(string path)
    {
        using FileStream stream = DataFiles.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an array from a stream; <paramref name="source"/> names it in messages.</summary>
    public static NpyArray Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[10];
        DataFiles.ReadExactly(stream, head, source, "the 10-byte .npy preamble");
        if (!head.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new DataFormatException(source, $"expected the .npy magic \\x93NUMPY, found bytes {Convert.ToHexString(head, 0, 6)}.");
        }

        int major = head[6];
        long headerLength;
        int preamble;
        if (major == 1)
        {
            headerLength = head[8] | (head[9] << 8);
            preamble = 10;
        }
        else if (major is 2 or 3)
        {
            var extra = new byte[2];
            DataFiles.ReadExactly(stream, extra, source, "the .npy v2 header length");
            headerLength = (uint)(head[8] | (head[9] << 8) | (extra[0] << 16) | (extra[1] << 24));
            preamble = 12;
        }
        else
        {
            throw new DataFormatException(source, $"expected .npy format version 1, 2 or 3, found {major}.{head[7]}.");
        }

        if (headerLength > 1 << 20)
        {
            throw new DataFormatException(source, $"expected a .npy header of at most 1 MiB, found a length of {headerLength} bytes.");
        }

        var headerBytes = new byte[headerLength];
        DataFiles.ReadExactly(stream, headerBytes, source, $"the {headerLength}-byte .npy header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (dtype, shape) = ParseHeader(header, source);

        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > int.MaxValue)
            {
                throw new DataFormatException(source, $"shape {FormatShape(shape)} holds more than {int.MaxValue} elements.");
            }
        }

        long byteCount = count * ItemSize(dtype);
        if (byteCount > Array.MaxLength)
        {
            throw new DataFormatException(source, $"shape {FormatShape(shape)} of {dtype} needs {byteCount} bytes, more than one array holds.");
        }

        if (stream.CanSeek && stream.Length - stream.Position < byteCount)
        {
            throw new DataFormatException(source,
                $"shape {FormatShape(shape)} of {dtype} needs {byteCount} data bytes after the {preamble + headerLength}-byte header, the file has {stream.Length - stream.Position}.");
        }

        var bytes = new byte[byteCount];
        DataFiles.ReadExactly(stream, bytes, source, $"{byteCount} data bytes for shape {FormatShape(shape)} of {dtype}");
        if (stream.CanSeek && stream.Position != stream.Length)
        {
            throw new DataFormatException(source,
                $"shape {FormatShape(shape)} of {dtype} ends at byte {stream.Position}, but the file has {stream.Length - stream.Position} more bytes.");
        }

        return new NpyArray(source, dtype, shape, bytes);
    }

    /// <summary>
    /// Reads images into NCHW: by default float32/float64 <c>[N,C,H,W]</c> as they are and uint8 <c>[N,H,W,C]</c> or
    /// <c>[N,H,W]</c> scaled by 1/255; <paramref name="layout"/> says otherwise. A float array shaped like NHWC (last
    /// axis 1, 3 or 4, second axis not) is refused as ambiguous unless the layout is given. NaN or infinite pixels are an error.
    /// </summary>
    public static ImageTensor ReadImages(string path, ImageLayout layout = ImageLayout.Auto)
    {
        NpyArray a = Read(path);
        ImageTensor images;
        bool isFloat = a.DType is "f4" or "f8";
        if (isFloat && a.Shape.Length == 4 && layout == ImageLayout.Auto && a.Shape[3] is 1 or 3 or 4 && a.Shape[1] is not (1 or 3 or 4))
        {
            throw new DataFormatException(path,
                $"expected float images as [N,C,H,W], found shape {a.ShapeText}, which looks like [N,H,W,C]; pass --layout nhwc (ImageLayout.Nhwc) if it is, or --layout nchw if it really is [N,C,H,W].");
        }

        if (isFloat && a.Shape.Length == 4)
        {
            images = layout == ImageLayout.Nhwc
                ? new ImageTensor(HwcToChw(a.ToSingle(), a.Shape[0], a.Shape[1], a.Shape[2], a.Shape[3]), new ImageBatchShape(a.Shape[0], a.Shape[3], a.Shape[1], a.Shape[2]))
                : new ImageTensor(a.ToSingle(), new ImageBatchShape(a.Shape[0], a.Shape[1], a.Shape[2], a.Shape[3]));
        }
        else if (a.DType == "u1" && a.Shape.Length == 4 && layout == ImageLayout.Nchw)
        {
            images = new ImageTensor(a.Bytes.Select(b => b / 255f).ToArray(), new ImageBatchShape(a.Shape[0], a.Shape[1], a.Shape[2], a.Shape[3]));
        }
        else if (a.DType == "u1" && a.Shape.Length is 3 or 4)
        {
            int n = a.Shape[0], h = a.Shape[1], w = a.Shape[2], c = a.Shape.Length == 4 ? a.Shape[3] : 1;
            images = new ImageTensor(HwcBytesToChw(a.Bytes, n, h, w, c), new ImageBatchShape(n, c, h, w));
        }
        else
        {
            throw new DataFormatException(path,
                $"expected images as float32 [N,C,H,W] or uint8 [N,H,W,C], found {DTypeName(a.DType)} with shape {a.ShapeText}.");
        }

        if (images.Shape.C < 1 || images.Shape.H < 1 || images.Shape.W < 1)
        {
            throw new DataFormatException(path, $"expected images with C, H, W ≥ 1, found shape {a.ShapeText}.");
        }

        images.EnsureFinite(path);
        return images;
    }

    /// <summary>Reads class labels: a 1-D integer array (int32, int64 or uint8) with values in int32 range.</summary>
    public static int[] ReadLabels(string path)
    {
        NpyArray a = Read(path);
        if (a.Shape.Length != 1 || a.DType is "f4" or "f8")
        {
            throw new DataFormatException(path, $"expected labels as int32 or int64 [N], found {DTypeName(a.DType)} with shape {a.ShapeText}.");
        }

        long[] values = a.ToInt64();
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is < 0 or > int.MaxValue)
            {
                throw new DataFormatException(path, $"expected non-negative class labels, found {values[i]} at row {i}.");
            }

            labels[i] = (int)values[i];
        }

        return labels;
    }

    /// <summary>Writes a float32 array of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) =>
        WriteRaw(path, "<f4", shape, MemoryMarshal.AsBytes(data), data.Length);

    /// <summary>Writes an int64 array of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<long> data, params int[] shape) =>
        WriteRaw(path, "<i8", shape, MemoryMarshal.AsBytes(data), data.Length);

    /// <summary>Writes an int32 array of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<int> data, params int[] shape) =>
        WriteRaw(path, "<i4", shape, MemoryMarshal.AsBytes(data), data.Length);

    /// <summary>Writes an image batch as float32 [N,C,H,W].</summary>
    public static void Write(string path, ImageTensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.Shape;
        Write(path, images.Data, s.N, s.C, s.H, s.W);
    }

    internal static int ItemSize(string dtype) => dtype switch
    {
        "u1" or "i1" => 1,
        "i2" or "u2" => 2,
        "f4" or "i4" or "u4" => 4,
        "f8" or "i8" => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    private static string DTypeName(string dtype) => dtype switch
    {
        "f4" => "float32",
        "f8" => "float64",
        "u1" => "uint8",
        "i1" => "int8",
        "i2" => "int16",
        "u2" => "uint16",
        "i4" => "int32",
        "u4" => "uint32",
        "i8" => "int64",
        _ => dtype,
    };

    private static string FormatShape(int[] shape) => "(" + string.Join(", ", shape) + ")";

    private static float[] HwcToChw(float[] hwc, int n, int h, int w, int c)
    {
        var chw = new float[hwc.Length];
        for (int i = 0; i < n; i++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        chw[(((long)i * c + ch) * h + y) * w + x] = hwc[(((long)i * h + y) * w + x) * c + ch];
                    }
                }
            }
        }

        return chw;
    }

    private static float[] HwcBytesToChw(byte[] bytes, int n, int h, int w, int c)
    {
        var data = new float[bytes.Length];
        int plane = h * w;
        for (int i = 0; i < n; i++)
        {
            int imageBase = i * plane * c;
            for (int p = 0; p < plane; p++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    data[imageBase + ch * plane + p] = bytes[imageBase + p * c + ch] / 255f;
                }
            }
        }

        return data;
    }

    private static void WriteRaw(string path, string descr, int[] shape, ReadOnlySpan<byte> bytes, int count)
    {
        long expected = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"{path}: expected non-negative dimensions, found shape {FormatShape(shape)}.", nameof(shape));
            }

            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"{path}: shape {FormatShape(shape)} needs {expected} elements, the data has {count}.", nameof(shape));
        }

        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : FormatShape(shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = Magic.Length + 4 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";

        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        stream.WriteByte((byte)(header.Length & 0xFF));
        stream.WriteByte((byte)(header.Length >> 8));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(bytes);
    }

    private static (string DType, int[] Shape) ParseHeader(string header, string source)
    {
        string descr = DictValue(header, "descr", source).Trim().Trim('\'', '"');
        string order = DictValue(header, "fortran_order", source).Trim();
        string shapeText = DictValue(header, "shape", source).Trim();
        if (order != "False")
        {
            throw new DataFormatException(source, $"expected a C-order array (fortran_order False), found fortran_order {order}.");
        }

        if (descr.Length != 3 || (descr[0] != '<' && descr[0] != '|' && descr[0] != '='))
        {
            throw new DataFormatException(source, $"expected a little-endian numeric dtype such as '<f4' or '|u1', found '{descr}'.");
        }

        string dtype = descr[1..];
        if (dtype is not ("f4" or "f8" or "u1" or "i1" or "i2" or "u2" or "i4" or "u4" or "i8"))
        {
            throw new DataFormatException(source, $"expected dtype float32, float64 or an integer type, found '{descr}'.");
        }

        if (!shapeText.StartsWith('(') || !shapeText.EndsWith(')'))
        {
            throw new DataFormatException(source, $"expected a shape tuple such as (N, C, H, W), found {shapeText}.");
        }

        string[] parts = shapeText[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new DataFormatException(source, $"expected non-negative integer dimensions, found '{parts[i]}' in shape {shapeText}.");
            }
        }

        return (dtype, shape);
    }

    private static string DictValue(string header, string key, string source)
    {
        string quoted = $"'{key}'";
        int at = header.IndexOf(quoted, StringComparison.Ordinal);
        int colon = at < 0 ? -1 : header.IndexOf(':', at + quoted.Length);
        if (colon < 0)
        {
            throw new DataFormatException(source, $"expected the .npy header to hold '{key}', found {Shorten(header)}.");
        }

        int start = colon + 1;
        int end;
        if (key == "shape")
        {
            int close = header.IndexOf(')', start);
            end = close < 0 ? header.Length : close + 1;
        }
        else
        {
            end = header.IndexOf(',', start);
            if (end < 0)
            {
                end = header.IndexOf('}', start);
            }

            if (end < 0)
            {
                end = header.Length;
            }
        }

        return header[start..end];
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
