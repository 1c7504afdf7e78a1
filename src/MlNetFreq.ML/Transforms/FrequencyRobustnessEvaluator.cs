using Microsoft.ML;
using MlNetFreq.ML.DataViews;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Evaluator-style entry points of the frequency robustness diagnostics over a data view with an image column
/// (Single vector (C, H, W), pixels in [0, 1]) and a label column (Int32 or a key): the Fourier heat map, the
/// filtered-accuracy curves and the corruption table of a model. Rows are read in blocks (memory: one block); a row's
/// random draws depend on the seed and its position in the view.
/// </summary>
public static class FrequencyRobustnessEvaluator
{
    private const int Block = 256;

    /// <summary>The Fourier (or DCT) heat map of <paramref name="model"/> on the rows.</summary>
    public static HeatMapResult HeatMap(IDataView data, ModelSession model, FourierHeatMapOptions? options = null, string imageColumnName = "Image", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        var heatmap = new FourierHeatMap(model, options);
        HeatMapResult? result = null;
        foreach (var block in LabeledImageBlocks.Read(data, imageColumnName, labelColumnName, Block))
        {
            var part = heatmap.Evaluate(block.Images, block.Labels, block.FirstIndex);
            result = result is null ? part : result.Merge(part);
        }

        return result ?? throw new InvalidOperationException("The data view has no rows.");
    }

    /// <summary>Accuracy of <paramref name="model"/> on the low-pass and high-pass images of the rows at each cut-off.</summary>
    public static FilteredAccuracyResult FilteredAccuracy(IDataView data, ModelSession model, FilteredAccuracyOptions? options = null, string imageColumnName = "Image", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        var filtered = new FilteredAccuracy(model, options);
        FilteredAccuracyResult? result = null;
        foreach (var block in LabeledImageBlocks.Read(data, imageColumnName, labelColumnName, Block))
        {
            var part = filtered.Evaluate(block.Images, block.Labels);
            result = result is null ? part : result.Merge(part);
        }

        return result ?? throw new InvalidOperationException("The data view has no rows.");
    }

    /// <summary>Accuracy of <paramref name="model"/> under every selected corruption and severity, grouped by measured frequency third.</summary>
    public static CorruptionTable Corruptions(IDataView data, ModelSession model, CorruptionAccuracyOptions? options = null, string imageColumnName = "Image", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        return new CorruptionAccuracy(model, options).Evaluate(LabeledImageBlocks.Read(data, imageColumnName, labelColumnName, Block));
    }
}
