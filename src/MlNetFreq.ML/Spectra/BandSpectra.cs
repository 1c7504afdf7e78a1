using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Tensors;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq.ML.Spectra;

/// <summary>A block of band-spectrum rows: their indices, labels (empty without labels) and rows × bands values.</summary>
public delegate void SpectrumRows(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values);

/// <summary>
/// Band spectra of a data set through the ML.NET band featurizer (<see cref="BandFeaturesTransformer"/>), in row order:
/// what <c>mlnetfreq spectrum</c> writes and what its cluster shards compute.
/// </summary>
public static class BandSpectra
{
    /// <summary>Bands per image for <paramref name="options"/> on images of <paramref name="set"/>'s size.</summary>
    public static int BandCount(LabeledImages set, BandFeaturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        return ((VectorDataViewType)Featurizer(options).GetOutputSchema(new TensorDataView(set).Schema)[options.OutputColumnName].Type).Size;
    }

    /// <summary>
    /// Scores every image of <paramref name="set"/> in order, handing <paramref name="rows"/> blocks of row indices
    /// (numbered from <paramref name="firstIndex"/>), labels (empty when the set has none) and rows × bands values;
    /// <paramref name="advance"/> is told how many rows each block held.
    /// </summary>
    public static void Write(LabeledImages set, BandFeaturesOptions options, SpectrumRows rows, int firstIndex = 0, Action<int>? advance = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        bool hasLabels = set.Labels is not null;
        var view = new TensorDataView(set);
        var scored = Featurizer(options).Transform(view);
        var bandsColumn = scored.Schema[options.OutputColumnName];
        int bands = ((VectorDataViewType)bandsColumn.Type).Size;

        var columns = new List<DataViewSchema.Column> { bandsColumn };
        if (hasLabels)
        {
            columns.Add(scored.Schema[TensorDataView.LabelColumn]);
        }

        const int block = SpectrumTableWriter.BlockRows;
        using var cursor = scored.GetRowCursor(columns);
        var getValues = cursor.GetGetter<VBuffer<float>>(bandsColumn);
        var label = hasLabels ? cursor.GetGetter<int>(scored.Schema[TensorDataView.LabelColumn]) : null;
        var index = new int[block];
        var labels = new int[block];
        var values = new float[block * bands];
        VBuffer<float> buffer = default;
        int inBlock = 0, next = firstIndex;
        while (cursor.MoveNext())
        {
            getValues(ref buffer);
            buffer.GetValues().CopyTo(values.AsSpan(inBlock * bands, bands)); // our featurizer always yields dense vectors
            label?.Invoke(ref labels[inBlock]);
            index[inBlock] = next++;
            if (++inBlock == block)
            {
                rows(index, hasLabels ? labels : [], values);
                advance?.Invoke(inBlock);
                inBlock = 0;
            }
        }

        if (inBlock > 0)
        {
            rows(index.AsSpan(0, inBlock), hasLabels ? labels.AsSpan(0, inBlock) : [], values.AsSpan(0, inBlock * bands));
            advance?.Invoke(inBlock);
        }
    }

    private static BandFeaturesTransformer Featurizer(BandFeaturesOptions options) =>
        new(options with { InputColumnName = TensorDataView.ImageColumn, InputIsSpectrum = false });
}
