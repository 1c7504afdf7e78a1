using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Attribution;

/// <summary>
/// Occluded Frequency attribution (Wang et al., Definition 1): for logits f, class c and band k,
/// <c>X = DCT(x)</c>; <c>X̃</c> = X with band k (all channels) replaced by the baseline; <c>x̃ = IDCT(X̃)</c>;
/// <c>OF_c(k) = f_c(x) − f_c(x̃)</c>. Cumulative mode replaces every band ≤ k (a low-pass sweep).
/// All occluded copies of a block of images are made by one inverse-DCT call and scored together with the clean
/// images in large ONNX Runtime batches; memory is one block, whatever the number of images.
/// </summary>
public sealed class OccludedFrequency
{
    private readonly ModelSession _model;
    private readonly FrequencyBands _bands;
    private readonly IDctBackend _dct;
    private readonly int[][] _members;
    private readonly float[]? _referenceSpectrum;

    /// <summary>The explained model.</summary>
    public ModelSession Model => _model;

    /// <summary>Explains <paramref name="model"/> with <paramref name="options"/>.</summary>
    public OccludedFrequency(ModelSession model, OccludedFrequencyOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new OccludedFrequencyOptions();
        if (Options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxBatchSize, "MaxBatchSize: expected at least 1 image per call.");
        }

        _bands = FrequencyBands.Create(model.Height, model.Width, Options.Bands);
        _dct = DctBackends.Shared(Options.Backend);
        _members = Enumerable.Range(0, _bands.Count).Select(k => Enumerable.Range(0, _bands.BandOf.Length).Where(i => _bands.BandOf[i] == k).ToArray()).ToArray();
        if (Options.Baseline == OcclusionBaseline.Reference)
        {
            int length = model.Channels * model.Height * model.Width;
            if (Options.Reference is null || Options.Reference.Length != length)
            {
                throw new ArgumentException($"The reference baseline needs a reference image of [{model.Channels},{model.Height},{model.Width}] = {length} values, found {Options.Reference?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.", nameof(options));
            }

            _referenceSpectrum = new float[length];
            _dct.Transform(Options.Reference, _referenceSpectrum, new ImageBatchShape(1, model.Channels, model.Height, model.Width), DctDirection.Forward);
        }
    }

    /// <summary>The options.</summary>
    public OccludedFrequencyOptions Options { get; }

    /// <summary>The bands scored.</summary>
    public FrequencyBands Bands => _bands;

    /// <summary>
    /// Scores <paramref name="n"/> images (float32 [n, C, H, W]); <paramref name="labels"/> are needed when the target
    /// is the label. <paramref name="progress"/> receives the number of images finished so far. <paramref name="firstIndex"/>
    /// is the identity of the first image (its index in the whole data set): the noise baseline of an image depends only on
    /// the seed and that identity, so results do not depend on how a data set is cut into calls.
    /// </summary>
    public AttributionResult Explain(ReadOnlySpan<float> images, int n, ReadOnlySpan<int> labels = default, IProgress<int>? progress = null,
        long firstIndex = 0, CancellationToken cancellation = default)
    {
        var identities = new long[Math.Max(n, 0)];
        for (int i = 0; i < identities.Length; i++)
        {
            identities[i] = firstIndex + i;
        }

        return Explain(images, n, identities, labels, progress, cancellation);
    }

    /// <summary>
    /// Scores <paramref name="n"/> images whose identities (e.g. an id column's values) are <paramref name="identities"/>:
    /// image i's noise baseline depends only on the seed and identities[i].
    /// </summary>
    public AttributionResult Explain(ReadOnlySpan<float> images, int n, ReadOnlySpan<long> identities, ReadOnlySpan<int> labels = default, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        if (identities.Length != n)
        {
            throw new ArgumentException($"Expected one identity per image ({n}), found {identities.Length}.", nameof(identities));
        }

        int len = _model.Channels * _model.Height * _model.Width;
        if (n < 0 || images.Length != (long)n * len)
        {
            throw new ArgumentException($"Expected {n} images of [{_model.Channels},{_model.Height},{_model.Width}] = {(long)n * len} values, found {images.Length}.", nameof(images));
        }

        if (Options.Target.NeedsLabels && labels.Length != n)
        {
            throw new ArgumentException($"The label target needs one label per image ({n}), found {labels.Length}.", nameof(labels));
        }

        int bands = _bands.Count;
        int variants = bands + 1;
        int block = Math.Max(1, Options.MaxBatchSize / variants);
        var scores = new float[n * bands];
        var targets = new int[n];
        var clean = new float[n * _model.Classes];
        var spectra = new float[block * len];
        var batch = new float[block * variants * len];
        for (int start = 0; start < n; start += block)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(block, n - start);
            var shape = new ImageBatchShape(rows, _model.Channels, _model.Height, _model.Width);
            images.Slice(start * len, rows * len).CopyTo(batch);
            _dct.Transform(batch.AsSpan(0, rows * len), spectra.AsSpan(0, rows * len), shape, DctDirection.Forward);

            // Layout of the scored batch: the clean images first, then each image's occluded copies in band order.
            Span<float> occluded = batch.AsSpan(rows * len, rows * bands * len);
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < bands; k++)
                {
                    Span<float> copy = occluded.Slice((r * bands + k) * len, len);
                    spectra.AsSpan(r * len, len).CopyTo(copy);
                    Occlude(copy, k, identities[start + r]);
                }
            }

            var occludedShape = new ImageBatchShape(rows * bands, _model.Channels, _model.Height, _model.Width);
            _dct.Transform(occluded, occluded, occludedShape, DctDirection.Inverse);
            if (Options.ClipToUnitRange)
            {
                foreach (ref float v in occluded)
                {
                    v = Math.Clamp(v, 0f, 1f);
                }
            }

            float[] logits = _model.Forward(batch.AsSpan(0, rows * variants * len), rows * variants);
            int classes = _model.Classes;
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> z = logits.AsSpan(r * classes, classes);
                z.CopyTo(clean.AsSpan((start + r) * classes));
                int c = TargetClass(z, labels, start + r);
                targets[start + r] = c;
                for (int k = 0; k < bands; k++)
                {
                    scores[(start + r) * bands + k] = z[c] - logits[(rows + r * bands + k) * classes + c];
                }
            }

            progress?.Report(start + rows);
        }

        return new AttributionResult(scores, bands, targets, clean, _model.Classes);
    }

    /// <summary>
    /// One image [C, H, W] with the given bands zeroed in its spectrum (all channels): <c>IDCT(DCT(x) · (1 − mask))</c>,
    /// as in the paper's Figure 4.
    /// </summary>
    public float[] Ablate(ReadOnlySpan<float> image, IEnumerable<int> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var shape = new ImageBatchShape(1, _model.Channels, _model.Height, _model.Width);
        var spectrum = new float[shape.Length];
        _dct.Transform(image, spectrum, shape, DctDirection.Forward);
        int plane = _model.Height * _model.Width;
        foreach (int k in bands)
        {
            _bands.CheckBand(k);
            for (int ch = 0; ch < _model.Channels; ch++)
            {
                foreach (int i in _members[k])
                {
                    spectrum[ch * plane + i] = 0;
                }
            }
        }

        _dct.Transform(spectrum, spectrum, shape, DctDirection.Inverse);
        return spectrum;
    }

    private void Occlude(Span<float> spectrum, int band, long imageIndex)
    {
        int plane = _model.Height * _model.Width;
        var rng = Options.Baseline == OcclusionBaseline.Noise ? SeededRandom.For(Options.Seed, imageIndex, band) : null;
        int first = Options.Cumulative ? 0 : band;
        for (int k = first; k <= band; k++)
        {
            int[] members = _members[k];
            for (int ch = 0; ch < _model.Channels; ch++)
            {
                Span<float> p = spectrum.Slice(ch * plane, plane);
                switch (Options.Baseline)
                {
                    case OcclusionBaseline.Zero:
                        foreach (int i in members)
                        {
                            p[i] = 0;
                        }

                        break;
                    case OcclusionBaseline.Reference:
                        foreach (int i in members)
                        {
                            p[i] = _referenceSpectrum![ch * plane + i];
                        }

                        break;
                    default:
                        double std = BandStd(p, members);
                        foreach (int i in members)
                        {
                            p[i] = (float)(std * rng!.Gaussian());
                        }

                        break;
                }
            }
        }
    }

    private static double BandStd(ReadOnlySpan<float> plane, int[] members)
    {
        double sum = 0, squares = 0;
        foreach (int i in members)
        {
            sum += plane[i];
            squares += (double)plane[i] * plane[i];
        }

        double mean = sum / members.Length;
        return Math.Sqrt(Math.Max(0, squares / members.Length - mean * mean));
    }

    private int TargetClass(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int index)
    {
        int c = Options.Target switch
        {
            AttributionTarget.LabelClass => labels[index],
            AttributionTarget.FixedClass f => f.Index,
            _ => Onnx.Losses.Logits.ArgMax(logits),
        };
        if ((uint)c >= (uint)_model.Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(labels), c, $"Class {c} for image {index} is outside the model's classes 0…{_model.Classes - 1}.");
        }

        return c;
    }
}
