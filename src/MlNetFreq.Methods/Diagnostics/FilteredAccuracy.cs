using MlNetFreq.Onnx.Losses;
using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// Filtered-accuracy curves (Wang et al., CVPR 2020, "High-frequency Component Helps Explain the Generalization of
/// Convolutional Neural Networks"): the model's accuracy on the low-pass and on the high-pass image of every test image,
/// for each cut-off (<see cref="FrequencySplit"/>). The filtered images are scored as they are (no clipping), as in the
/// paper; their value ranges are reported.
/// </summary>
public sealed class FilteredAccuracy
{
    private readonly ModelSession _model;
    private readonly FrequencySplit[] _splits;

    /// <summary>Measures <paramref name="model"/> with <paramref name="options"/>.</summary>
    public FilteredAccuracy(ModelSession model, FilteredAccuracyOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new FilteredAccuracyOptions();
        Options.Validate();
        _splits = Options.Radii.Radii.Select(r => new FrequencySplit(Options.Basis, model.Height, model.Width, r)).ToArray();
    }

    /// <summary>The options.</summary>
    public FilteredAccuracyOptions Options { get; }

    /// <summary>Scores the images at every cut-off.</summary>
    public FilteredAccuracyResult Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ImageInputs.Check(_model, images, labels);
        int n = labels.Length, len = _model.Channels * _model.Height * _model.Width;
        int block = Math.Max(1, Options.MaxBatchSize / 2);
        var low = new long[_splits.Length];
        var high = new long[_splits.Length];
        var ranges = Enumerable.Range(0, _splits.Length).Select(_ => new[] { float.MaxValue, float.MinValue, float.MaxValue, float.MinValue }).ToArray();
        long clean = 0;
        var pair = new float[2 * block * len];
        for (int start = 0; start < n; start += block)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(block, n - start);
            ReadOnlySpan<float> x = images.Slice(start * len, rows * len);
            ReadOnlySpan<int> y = labels.Slice(start, rows);
            clean += Logits.Correct(_model.Forward(x, rows), y, _model.Classes);
            for (int s = 0; s < _splits.Length; s++)
            {
                Span<float> lowImages = pair.AsSpan(0, rows * len);
                Span<float> highImages = pair.AsSpan(rows * len, rows * len);
                _splits[s].Split(x, lowImages, highImages);
                Track(lowImages, ref ranges[s][0], ref ranges[s][1]);
                Track(highImages, ref ranges[s][2], ref ranges[s][3]);
                float[] logits = _model.Forward(pair.AsSpan(0, 2 * rows * len), 2 * rows);
                low[s] += Logits.Correct(logits.AsSpan(0, rows * _model.Classes), y, _model.Classes);
                high[s] += Logits.Correct(logits.AsSpan(rows * _model.Classes), y, _model.Classes);
            }

            progress?.Report(start + rows);
        }

        var points = _splits.Select((_, s) => new FilteredAccuracyPoint(Options.Radii.Radii[s], low[s], high[s], n, ranges[s][0], ranges[s][1], ranges[s][2], ranges[s][3])).ToArray();
        return new FilteredAccuracyResult(Options.Basis, clean, n, points);
    }

    private static void Track(ReadOnlySpan<float> values, ref float min, ref float max)
    {
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
    }
}
