using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Methods.Rct;
using MlNetFreq.ML.Schema;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.ML.Transforms;

/// <summary>RCT over a data view: a clean and a perturbed image column (e.g. the output of <c>AdversarialAttack</c>), read in blocks.</summary>
public static class RctEvaluator
{
    private const int Block = 256;

    /// <summary>The RCT map, band profile and shares of the two columns over every row.</summary>
    public static RctResult Evaluate(IDataView data, string cleanColumnName, string perturbedColumnName, BandLayout layout = BandLayout.Diagonal, bool perChannel = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (cleanIndex, shape) = SchemaColumns.FindImageColumn(data.Schema, cleanColumnName, null);
        var (perturbedIndex, other) = SchemaColumns.FindImageColumn(data.Schema, perturbedColumnName, null);
        if (other != shape)
        {
            throw new ArgumentOutOfRangeException(nameof(perturbedColumnName), $"Schema mismatch for input column '{perturbedColumnName}': expected the shape of '{cleanColumnName}' {shape}, got {other}.");
        }

        var rct = new RelativeChangeInDct(shape.Channels, shape.Height, shape.Width);
        using var cursor = data.GetRowCursor([data.Schema[cleanIndex], data.Schema[perturbedIndex]]);
        var cleanGetter = cursor.GetGetter<VBuffer<float>>(data.Schema[cleanIndex]);
        var perturbedGetter = cursor.GetGetter<VBuffer<float>>(data.Schema[perturbedIndex]);
        var clean = new float[Block * shape.Length];
        var perturbed = new float[Block * shape.Length];
        VBuffer<float> scratch = default;
        int rows = 0;
        while (cursor.MoveNext())
        {
            cleanGetter(ref scratch);
            Batching.MappedSchema.CopyImage(scratch, clean.AsSpan(rows * shape.Length, shape.Length), cleanColumnName, cursor.Position);
            perturbedGetter(ref scratch);
            Batching.MappedSchema.CopyImage(scratch, perturbed.AsSpan(rows * shape.Length, shape.Length), perturbedColumnName, cursor.Position);
            if (++rows == Block)
            {
                rct.Add(clean, perturbed, rows);
                rows = 0;
            }
        }

        rct.Add(clean.AsSpan(0, rows * shape.Length), perturbed.AsSpan(0, rows * shape.Length), rows);
        return rct.Result(layout, perChannel);
    }
}
