using MlNetFreq.Onnx.Losses;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Corruptions;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Rct;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// Accuracy of a model under common corruptions (Hendrycks &amp; Dietterich 2019), each corruption and severity grouped by
/// its measured frequency content: the RCT of corrupted vs clean images (as the paper's Experiment I measures attacks)
/// per third of the diagonal bands, and the third where it is largest. One pass over the images: each block is
/// corrupted in every setting before the next is read, so memory is one block whatever the data set's size.
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
    public CorruptionOptions OptionsFor(MethodDescriptor descriptor, int severity)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return (CorruptionOptions)descriptor.With(descriptor.CreateDefault(), [new("severity", severity), new("seed", Options.Seed)]);
    }

    /// <summary>Scores the images (identities firstIndex, firstIndex + 1, …) under every selected corruption and severity.</summary>
    public CorruptionTable Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, long firstIndex = 0, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        ImageInputs.Check(_model, images, labels);
        int len = _model.Channels * _model.Height * _model.Width;
        var blocks = new List<LabeledBlock>();
        for (int start = 0; start < labels.Length; start += Options.MaxBatchSize)
        {
            int rows = Math.Min(Options.MaxBatchSize, labels.Length - start);
            blocks.Add(new LabeledBlock(images.Slice(start * len, rows * len).ToArray(), labels.Slice(start, rows).ToArray(), firstIndex + start));
        }

        return Evaluate(blocks, progress, cancellation);
    }

    /// <summary>Scores blocks of labelled images in one pass (e.g. read from a data view); progress receives the images finished so far.</summary>
    public CorruptionTable Evaluate(IEnumerable<LabeledBlock> blocks, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int c = _model.Channels, h = _model.Height, w = _model.Width, len = c * h * w;
        var settings = new List<(string Name, int Severity, Corruption Corruption, RelativeChangeInDct Rct)>();
        var skipped = new Dictionary<string, string>();
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

                settings.Add((descriptor.Name, severity, corruption, new RelativeChangeInDct(c, h, w)));
            }
        }

        if (settings.Count == 0)
        {
            // Every corruption asked for was skipped: a table of nothing would report a mean accuracy of 0 %.
            throw new Descriptors.MethodOptionException("corruptions", $"expected at least one corruption that applies to the model's {c}-channel images, found none: {string.Join("; ", skipped.Select(s => $"{s.Key} {s.Value}"))}.");
        }

        var correct = new long[settings.Count];
        long clean = 0, images = 0;
        foreach (var block in blocks)
        {
            ImageInputs.Check(_model, block.Images, block.Labels);
            for (int start = 0; start < block.Labels.Length; start += Options.MaxBatchSize)
            {
                int rows = Math.Min(Options.MaxBatchSize, block.Labels.Length - start);
                ReadOnlySpan<float> x = block.Images.AsSpan(start * len, rows * len);
                ReadOnlySpan<int> y = block.Labels.AsSpan(start, rows);
                var ids = Enumerable.Range(0, rows).Select(i => block.FirstIndex + start + i).ToArray();
                var corrupted = new float[rows * len];
                clean += Logits.Correct(_model.Forward(x, rows), y, _model.Classes);
                for (int s = 0; s < settings.Count; s++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    settings[s].Corruption.Apply(x, corrupted, new ImageBatchShape(rows, c, h, w), ids);
                    settings[s].Rct.Add(x, corrupted, rows);
                    correct[s] += Logits.Correct(_model.Forward(corrupted, rows), y, _model.Classes);
                }

                images += rows;
                progress?.Report((int)images);
            }
        }

        var rowsOut = settings.Select((s, i) =>
        {
            var (change, magnitude) = s.Rct.ThirdSums();
            return new CorruptionRow(s.Name, s.Severity, correct[i], images, change, magnitude);
        }).ToArray();
        return new CorruptionTable(clean, images, rowsOut, skipped);
    }
}

/// <summary>A block of labelled images [rows, C, H, W] whose first image has identity <paramref name="FirstIndex"/> (the rest follow).</summary>
/// <param name="Images">The pixels.</param>
/// <param name="Labels">One label per image.</param>
/// <param name="FirstIndex">Identity of the first image: random corruptions of image i draw from the seed and FirstIndex + i.</param>
public sealed record LabeledBlock(float[] Images, int[] Labels, long FirstIndex);
