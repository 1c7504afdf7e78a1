using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Batching;

/// <summary>Schema helpers shared by the batched view and the single-row mapper.</summary>
internal static class MappedSchema
{
    /// <summary>The input columns (same indices) followed by the mapper's outputs.</summary>
    public static DataViewSchema Build(DataViewSchema input, BatchImageMapper mapper)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var c in mapper.Outputs)
        {
            builder.AddColumn(c.Name, c.Type);
        }

        return builder.ToSchema();
    }

    /// <summary>Copies a row's image vector (dense or sparse) into <paramref name="destination"/>, rejecting NaN/∞.</summary>
    public static void CopyImage(in VBuffer<float> source, Span<float> destination, string column, long row)
    {
        if (source.Length != destination.Length)
        {
            throw new InvalidOperationException(
                $"Column '{column}', row {row}: expected an image vector of {destination.Length} values, found {source.Length}.");
        }

        if (source.IsDense)
        {
            source.GetValues().CopyTo(destination);
        }
        else
        {
            destination.Clear();
            var values = source.GetValues();
            var indices = source.GetIndices();
            for (int i = 0; i < values.Length; i++)
            {
                destination[indices[i]] = values[i];
            }
        }

        int bad = Data.Tensors.ImageTensor.IndexOfNonFinite(destination);
        if (bad >= 0)
        {
            throw new InvalidOperationException(
                $"Column '{column}', row {row}: expected finite pixel values, found {destination[bad]} at index {bad}.");
        }
    }

    /// <summary>
    /// A getter of a row's label as a 0-based class: Int32 values as they are, UInt32 keys 1…K as 0…K−1 (a missing key
    /// is an error naming the row).
    /// </summary>
    public static Func<long, int> LabelReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Int32)
        {
            var g = row.GetGetter<int>(column);
            return _ => { int v = 0; g(ref v); return v; };
        }

        // A key stands for its key value (KeyLabels): MapValueToKey's ordering is not the classes' order.
        var key = row.GetGetter<uint>(column);
        int[]? classes = KeyLabels.Classes(column);
        return position =>
        {
            uint v = 0;
            key(ref v);
            return v == 0 ? throw new InvalidOperationException($"Column '{column.Name}', row {position}: expected a label, found a missing key value.")
                : classes is null ? (int)v - 1
                : v <= classes.Length ? classes[v - 1]
                : throw new InvalidOperationException($"Column '{column.Name}', row {position}: expected a key of 1…{classes.Length}, found {v}.");
        };
    }

    /// <summary>Reads an id column (Int32, Int64, UInt32, UInt64 or a key of those) as a long.</summary>
    public static Func<long> IdReader(DataViewRow row, DataViewSchema.Column column)
    {
        Type raw = column.Type is KeyDataViewType key ? key.RawType : column.Type.RawType;
        if (raw == typeof(int))
        {
            var g = row.GetGetter<int>(column);
            return () => { int v = 0; g(ref v); return v; };
        }

        if (raw == typeof(uint))
        {
            var g = row.GetGetter<uint>(column);
            return () => { uint v = 0; g(ref v); return v; };
        }

        if (raw == typeof(ulong))
        {
            var g = row.GetGetter<ulong>(column);
            return () => { ulong v = 0; g(ref v); return unchecked((long)v); };
        }

        var l = row.GetGetter<long>(column);
        return () => { long v = 0; l(ref v); return v; };
    }

    /// <summary>A getter that copies row <c>slot()</c> of an output buffer into the caller's value.</summary>
    public static Delegate OutputGetter(MappedColumn column, Func<float[]> buffer, Func<int> slot)
    {
        int length = column.Length;
        if (column.Type is VectorDataViewType)
        {
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, length);
                buffer().AsSpan(slot() * length, length).CopyTo(editor.Values);
                value = editor.Commit();
            });
        }

        if (column.Type == BooleanDataViewType.Instance)
        {
            return (ValueGetter<bool>)((ref bool value) => value = buffer()[slot()] != 0);
        }

        if (column.Type == NumberDataViewType.Int32)
        {
            // Integer outputs (class indices, query counts) travel in the float buffers; they are exact below 2²⁴.
            return (ValueGetter<int>)((ref int value) => value = (int)buffer()[slot()]);
        }

        return (ValueGetter<float>)((ref float value) => value = buffer()[slot()]);
    }
}
