using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// An n-dimensional array as read from a <c>.npy</c> file: its element type (<see cref="DType"/>, NumPy's
/// <c>descr</c> without the byte-order mark), its C-order shape and its little-endian bytes.
/// </summary>
public sealed class NpyArray
{
    internal NpyArray(string source, string dtype, int[] shape, byte[] bytes)
    {
        Source = source;
        DType = dtype;
        Shape = shape;
        Bytes = bytes;
    }

    /// <summary>Where the array came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary><c>f4</c>, <c>f8</c>, <c>u1</c>, <c>i1</c>, <c>i2</c>, <c>u2</c>, <c>i4</c>, <c>u4</c> or <c>i8</c>.</summary>
    public string DType { get; }

    /// <summary>Shape in C order.</summary>
    public int[] Shape { get; }

    /// <summary>Raw little-endian element bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Bytes.Length / NpyFile.ItemSize(DType);

    /// <summary>Shape as NumPy prints it, e.g. <c>(1000, 28, 28, 1)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Length == 1 ? ",)" : ")");

    /// <summary>Element values converted to float32 (unscaled).</summary>
    public float[] ToSingle()
    {
        var result = new float[Length];
        switch (DType)
        {
            case "f4":
                MemoryMarshal.Cast<byte, float>(Bytes).CopyTo(result);
                break;
            case "f8":
                {
                    ReadOnlySpan<double> src = MemoryMarshal.Cast<byte, double>(Bytes);
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = (float)src[i];
                    }

                    break;
                }

            default:
                {
                    long[] values = ToInt64();
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = values[i];
                    }

                    break;
                }
        }

        return result;
    }

    /// <summary>Element values of an integer array as int64.</summary>
    public long[] ToInt64()
    {
        var result = new long[Length];
        ReadOnlySpan<byte> b = Bytes;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                "u1" => b[i],
                "i1" => (sbyte)b[i],
                "i2" => BinaryPrimitives.ReadInt16LittleEndian(b[(2 * i)..]),
                "u2" => BinaryPrimitives.ReadUInt16LittleEndian(b[(2 * i)..]),
                "i4" => BinaryPrimitives.ReadInt32LittleEndian(b[(4 * i)..]),
                "u4" => BinaryPrimitives.ReadUInt32LittleEndian(b[(4 * i)..]),
                "i8" => BinaryPrimitives.ReadInt64LittleEndian(b[(8 * i)..]),
                _ => throw new DataFormatException(Source, $"expected an integer array, found dtype {DType}."),
            };
        }

        return result;
    }
}
