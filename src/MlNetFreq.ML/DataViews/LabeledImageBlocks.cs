using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Schema;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.ML.DataViews;

/// <summary>Reads an image column and a label column of a data view in blocks of rows (memory: one block).</summary>
internal static class LabeledImageBlocks
{
    /// <summary>The blocks, in row order; a block's identities are the rows' positions.</summary>
    public static IEnumerable<LabeledBlock> Read(IDataView data, string imageColumn, string labelColumn, int blockRows, ImageShape? declared = null)
    {
        var (imageIndex, shape) = SchemaColumns.FindImageColumn(data.Schema, imageColumn, declared);
        int labelIndex = SchemaColumns.FindLabelColumn(data.Schema, labelColumn);
        using var cursor = data.GetRowCursor([data.Schema[imageIndex], data.Schema[labelIndex]]);
        var imageGetter = cursor.GetGetter<VBuffer<float>>(data.Schema[imageIndex]);
        var label = MappedSchema.LabelReader(cursor, data.Schema[labelIndex]);
        VBuffer<float> scratch = default;
        var images = new float[blockRows * shape.Length];
        var labels = new int[blockRows];
        int rows = 0;
        long first = 0;
        while (cursor.MoveNext())
        {
            imageGetter(ref scratch);
            MappedSchema.CopyImage(scratch, images.AsSpan(rows * shape.Length, shape.Length), imageColumn, cursor.Position);
            labels[rows] = label(cursor.Position);
            if (++rows == blockRows)
            {
                yield return new LabeledBlock(images, labels, first);
                first += rows;
                rows = 0;
                images = new float[blockRows * shape.Length];
                labels = new int[blockRows];
            }
        }

        if (rows > 0)
        {
            yield return new LabeledBlock(images[..(rows * shape.Length)], labels[..rows], first);
        }
    }
}
