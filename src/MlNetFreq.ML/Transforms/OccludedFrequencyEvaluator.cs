using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.ML.Batching;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Evaluator-style entry point (the paper's Experiment IV): explains every row of a data view and returns the mean
/// Occluded Frequency score per band per class, the overall profile and the high-frequency reliance index.
/// Memory is one block of rows, whatever the size of the data view.
/// </summary>
public static class OccludedFrequencyEvaluator
{
    /// <summary>
    /// Groups rows by <paramref name="labelColumnName"/> (Int32, or a UInt32 key read as its key values, see KeyLabels) when
    /// given, else by the explained class.
    /// </summary>
    public static AttributionProfile Evaluate(IDataView data, OccludedFrequencyTransformOptions options, string? labelColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        using var transformer = new OccludedFrequencyTransformer(options);
        var scored = transformer.Transform(data);
        var scoresColumn = scored.Schema[options.OutputColumnName];
        var targetColumn = scored.Schema[options.TargetClassColumnName];
        int bands = ((VectorDataViewType)scoresColumn.Type).Size;
        var columns = new List<DataViewSchema.Column> { scoresColumn, targetColumn };
        Func<int>? label = null;
        using var cursor = scored.GetRowCursor(labelColumnName is null ? columns : [.. columns, scored.Schema[labelColumnName]]);
        if (labelColumnName is not null)
        {
            var column = scored.Schema[labelColumnName];
            if (column.Type == NumberDataViewType.Int32)
            {
                var g = cursor.GetGetter<int>(column);
                label = () => { int v = 0; g(ref v); return v; };
            }
            else if (column.Type is KeyDataViewType)
            {
                var read = MappedSchema.LabelReader(cursor, column);
                label = () => read(cursor.Position);
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Schema mismatch for label column '{labelColumnName}': expected Int32 or a key type, got {column.Type}.");
            }
        }

        var scoreGetter = cursor.GetGetter<VBuffer<float>>(scoresColumn);
        var targetGetter = cursor.GetGetter<int>(targetColumn);
        var sums = new Dictionary<int, (double[] Sum, int Count)>();
        VBuffer<float> row = default;
        int classes = 0;
        while (cursor.MoveNext())
        {
            scoreGetter(ref row);
            int target = 0;
            targetGetter(ref target);
            int c = label?.Invoke() ?? target;
            if (c < 0)
            {
                throw new InvalidOperationException($"Row {cursor.Position}: expected a label, found a missing key value.");
            }

            classes = Math.Max(classes, c + 1);
            if (!sums.TryGetValue(c, out var acc))
            {
                acc = (new double[bands], 0);
            }

            var values = row.GetValues();
            for (int k = 0; k < bands; k++)
            {
                acc.Sum[k] += values[k];
            }

            sums[c] = (acc.Sum, acc.Count + 1);
        }

        var mean = new float[classes * bands];
        var counts = new int[classes];
        var overall = new double[bands];
        int total = 0;
        foreach (var (c, (sum, count)) in sums)
        {
            counts[c] = count;
            total += count;
            for (int k = 0; k < bands; k++)
            {
                mean[c * bands + k] = (float)(sum[k] / count);
                overall[k] += sum[k];
            }
        }

        return new AttributionProfile(mean, counts, overall.Select(v => (float)(v / Math.Max(1, total))).ToArray(), bands, classes);
    }
}
