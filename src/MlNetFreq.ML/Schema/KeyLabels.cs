using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Schema;

/// <summary>
/// Reads class labels from a key-typed column the way ML.NET means them: a key k (1-based; 0 is missing) stands for
/// its key value — the k-th entry of the column's <c>KeyValues</c> annotation — so a stock <c>MapValueToKey</c> over
/// integer labels gives back those integers whatever its ordering (ByOccurrence, ByValue, classes missing from the
/// data). A key without values stands for class k − 1. Key values that are not whole numbers ≥ 0 (class names, say)
/// are refused when the transform is built, naming the column and what to do: the model's classes are indices.
/// </summary>
internal static class KeyLabels
{
    /// <summary>The class of each key (index k − 1), or null when the key has no values (class k − 1).</summary>
    public static int[]? Classes(DataViewSchema.Column column)
    {
        if (column.Type is not KeyDataViewType || column.Annotations.Schema.GetColumnOrNull("KeyValues") is not { } values)
        {
            return null;
        }

        var item = (values.Type as VectorDataViewType)?.ItemType;
        string[] texts = item switch
        {
            TextDataViewType => Read<ReadOnlyMemory<char>>(column, v => v.ToString()),
            _ when item?.RawType == typeof(int) => Read<int>(column, Text),
            _ when item?.RawType == typeof(uint) => Read<uint>(column, Text),
            _ when item?.RawType == typeof(long) => Read<long>(column, Text),
            _ when item?.RawType == typeof(ulong) => Read<ulong>(column, Text),
            _ when item?.RawType == typeof(float) => Read<float>(column, Text),
            _ when item?.RawType == typeof(double) => Read<double>(column, Text),
            _ => throw new ArgumentOutOfRangeException(nameof(column), $"Schema mismatch for label column '{column.Name}': expected key values that are class indices, got key values of type {item}."),
        };
        var classes = new int[texts.Length];
        for (int k = 0; k < texts.Length; k++)
        {
            if (!int.TryParse(texts[k], NumberStyles.None, CultureInfo.InvariantCulture, out classes[k]))
            {
                string shown = string.Join(", ", texts.Take(5).Select(t => $"'{t}'")) + (texts.Length > 5 ? ", …" : "");
                throw new ArgumentOutOfRangeException(nameof(column),
                    $"Schema mismatch for label column '{column.Name}': expected key values that are class indices (whole numbers 0…K−1, as MapValueToKey gives over integer labels), got {shown} (key {k + 1} is '{texts[k]}'). "
                    + "Map the labels to the model's class indices first (e.g. a lookup to Int32), or give an Int32 column.");
            }
        }

        return classes;
    }

    private static string Text<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string[] Read<T>(DataViewSchema.Column column, Func<T, string> text)
    {
        VBuffer<T> buffer = default;
        column.GetKeyValues(ref buffer);
        return [.. buffer.DenseValues().Select(text)];
    }
}
