using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Corruptions;
using MlNetFreq.Methods.Rct;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// Accuracy of a model under common corruptions (Hendrycks &amp; Dietterich 2019), each corruption and severity grouped by
/// its measured frequency content: the RCT of corrupted vs clean images (as the paper's Experiment I measures attacks)
/// per third of the diagonal bands, and the third where it is largest.
/// </summary>
public sealed class CorruptionAccuracy
{
    private readonly ModelSession _model;

    /// <summary>Measures <paramref name="model"/> with <paramref name="options"/>.</summary>
    public CorruptionAccuracy(ModelSession model, CorruptionAccuracyOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new CorruptionAccuracyOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public CorruptionAccuracyOptions Options { get; }

    /// <summary>The corruption of a descriptor at a severity with these options' seed.</summary>
    public CorruptionOptions OptionsFor(Descriptors.MethodDescriptor descriptor, int severity)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return (CorruptionOptions)descriptor.With(descriptor.CreateDefault(), [new("severity", severity), new("seed", Options.Seed)]);
    }

    /// <summary>Scores the images (identities firstIndex, firstIndex + 1, …) under every selected corruption and severity.</summary>
    public CorruptionTable Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, long firstIndex = 0, IProgress<(string Corruption, int Severity)>? progress = null,
        CancellationToken cancellation = default)
    {
        ImageInputs.Check(_model, images, labels);
        int n = labels.Length, c = _model.Channels, h = _model.Height, w = _model.Width, len = c * h * w;
        long clean = 0;
        for (int start = 0; start < n; start += Options.MaxBatchSize)
        {
            int rows = Math.Min(Options.MaxBatchSize, n - start);
            clean += Predictions.CountCorrect(_model.Forward(images.Slice(start * len, rows * len), rows), labels.Slice(start, rows), _model.Classes);
        }

        var result = new List<CorruptionRow>();
        var skipped = new Dictionary<string, string>();
        var corrupted = new float[Math.Min(n, Options.MaxBatchSize) * len];
        foreach (var descriptor in Options.Corruptions.Descriptors)
        {
            foreach (int severity in Options.Severities.Severities)
            {
                Corruption corruption = OptionsFor(descriptor, severity).Create();
                if (corruption.NotApplicable(c) is { } why)
                {
                    skipped[descriptor.Name] = why;
                    break;
                }

                var rct = new RelativeChangeInDct(c, h, w);
                long correct = 0;
                for (int start = 0; start < n; start += Options.MaxBatchSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    int rows = Math.Min(Options.MaxBatchSize, n - start);
                    var shape = new ImageBatchShape(rows, c, h, w);
                    ReadOnlySpan<float> x = images.Slice(start * len, rows * len);
                    Span<float> y = corrupted.AsSpan(0, rows * len);
                    var ids = new long[rows];
                    for (int i = 0; i < rows; i++)
                    {
                        ids[i] = firstIndex + start + i;
                    }

                    corruption.Apply(x, y, shape, ids);
                    rct.Add(x, y, rows);
                    correct += Predictions.CountCorrect(_model.Forward(y, rows), labels.Slice(start, rows), _model.Classes);
                }

                result.Add(new CorruptionRow(descriptor.Name, severity, correct, n, rct.Result().ThirdRelativeChange));
                progress?.Report((descriptor.Name, severity));
            }
        }

        return new CorruptionTable(clean, n, result, skipped);
    }
}
