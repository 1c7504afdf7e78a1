using System.Runtime.InteropServices;
using Google.Protobuf;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Graph;

/// <summary>Reads and makes constant <see cref="TensorProto"/>s (raw little-endian data or typed fields).</summary>
public static class TensorValues
{
    /// <summary>A float tensor.</summary>
    public static TensorProto Float(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>An int64 tensor.</summary>
    public static TensorProto Int64(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>The values of a float (or double) tensor.</summary>
    public static float[] ToFloat(TensorProto t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return (TensorProto.Types.DataType)t.DataType switch
        {
            TensorProto.Types.DataType.Float => t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray(),
            TensorProto.Types.DataType.Double => (t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, double>(t.RawData.Span).ToArray() : t.DoubleData.ToArray()).Select(d => (float)d).ToArray(),
            _ => throw new OnnxFormatException($"Tensor '{t.Name}': expected float data, found data type {t.DataType}."),
        };
    }

    /// <summary>The values of an integer tensor as int64.</summary>
    public static long[] ToInt64(TensorProto t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return (TensorProto.Types.DataType)t.DataType switch
        {
            TensorProto.Types.DataType.Int64 => t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray(),
            TensorProto.Types.DataType.Int32 => (t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, int>(t.RawData.Span).ToArray() : t.Int32Data.ToArray()).Select(v => (long)v).ToArray(),
            _ => throw new OnnxFormatException($"Tensor '{t.Name}': expected int32 or int64 data, found data type {t.DataType}."),
        };
    }
}
