using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Fourier;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// The Fourier heat map of Yin et al. (NeurIPS 2019): for every basis image U of the chosen basis, each test image gets
/// <c>x' = clip(x + r·v·U, 0, 1)</c> — U added to every channel with its own random sign r (seeded by the image's index
/// and the frequency) — and the map holds the model's error rate on the perturbed images. Conjugate Fourier frequencies
/// share one basis image and are scored once. All perturbed copies of a block of images are scored in large ONNX
/// Runtime batches; memory is one batch, whatever the number of images.
/// </summary>
public sealed class FourierHeatMap
{
    private const int ImagesPerBlock = 64;
    private readonly ModelSession _model;
    private readonly FourierBasis? _fourier;
    private readonly double[]? _dctRows;
    private readonly double[]? _dctColumns;

    /// <summary>Maps <paramref name="model"/> with <paramref name="options"/>.</summary>
    public FourierHeatMap(ModelSession model, FourierHeatMapOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new FourierHeatMapOptions();
        Options.Validate();
        if (Options.Basis == SpectralBasis.Fourier)
        {
            _fourier = new FourierBasis(model.Height, model.Width);
        }
        else
        {
            _dctRows = DctBasis.Create(model.Height);
            _dctColumns = DctBasis.Create(model.Width);
        }
    }

    /// <summary>The options.</summary>
    public FourierHeatMapOptions Options { get; }

    /// <summary>
    /// Progress inside a block of images (up to 64 at a time): basis images done of those measured, so a run on a few
    /// large images says how far it is long before its first image is finished.
    /// </summary>
    public IProgress<(string Stage, int Done, int Total)>? BasisProgress { get; init; }

    /// <summary>Distinct basis images of the whole map (conjugate Fourier frequencies share one).</summary>
    public int DistinctCount => _fourier?.DistinctCount ?? _model.Height * _model.Width;

    /// <summary>The stride measured: the option's, or the smallest that keeps the map within the default's budget.</summary>
    public int Stride => _stride ??= Options.Stride ?? AutoStride(_fourier, _model.Height, _model.Width, Options);

    private int? _stride;

    /// <summary>Whether each map cell is measured (<see cref="Stride"/>, <see cref="FourierHeatMapOptions.MaxRadius"/>).</summary>
    public bool[] MeasuredCells => Cells(_fourier, _model.Height, _model.Width, Options, Stride);

    /// <summary>The distinct basis images scored per test image (the forward passes per image, less the clean one).</summary>
    public int[] MeasuredDistinct => Distinct(_fourier, MeasuredCells);

    /// <summary>
    /// The smallest stride at which a map of <paramref name="height"/> × <paramref name="width"/> images (Fourier when
    /// <paramref name="fourier"/> is given, else DCT) needs <see cref="FourierHeatMapOptions.AutoStrideBudget"/> basis images or fewer.
    /// </summary>
    public static int AutoStride(FourierBasis? fourier, int height, int width, FourierHeatMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int stride = 1;
        while (Distinct(fourier, Cells(fourier, height, width, options, stride)).Length > FourierHeatMapOptions.AutoStrideBudget)
        {
            stride++;
        }

        return stride;
    }

    private static bool[] Cells(FourierBasis? fourier, int height, int width, FourierHeatMapOptions options, int stride) => fourier is not null
        ? [.. Enumerable.Range(0, fourier.MapHeight * fourier.MapWidth).Select(cell => fourier.FrequencyOf(cell) is var (a, b) && options.Measures(a, b, stride))]
        : [.. Enumerable.Range(0, height * width).Select(cell => options.Measures(cell / width, cell % width, stride))];

    private static int[] Distinct(FourierBasis? fourier, bool[] cells) => fourier is not null
        ? [.. Enumerable.Range(0, fourier.DistinctCount).Where(f => cells[fourier.CellOfDistinct(f)])]
        : [.. Enumerable.Range(0, cells.Length).Where(f => cells[f])];

    /// <summary>The Fourier basis (null for the DCT basis).</summary>
    public FourierBasis? Basis => _fourier;

    /// <summary>Scores <paramref name="labels"/>.Length images whose identities are firstIndex, firstIndex + 1, ….</summary>
    public HeatMapResult Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, long firstIndex = 0, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        var identities = new long[labels.Length];
        for (int i = 0; i < identities.Length; i++)
        {
            identities[i] = firstIndex + i;
        }

        return Evaluate(images, labels, identities, progress, cancellation);
    }

    /// <summary>
    /// Scores the images; image i's random signs depend only on the seed, <paramref name="identities"/>[i] and the
    /// frequency, so a map does not depend on how a data set is cut into calls.
    /// </summary>
    public HeatMapResult Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, ReadOnlySpan<long> identities, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        ImageInputs.Check(_model, images, labels);
        if (identities.Length != labels.Length)
        {
            throw new ArgumentException($"Expected one identity per image ({labels.Length}), found {identities.Length}.", nameof(identities));
        }

        int n = labels.Length, c = _model.Channels, plane = _model.Height * _model.Width, len = c * plane;
        int distinct = DistinctCount;
        int[] measured = MeasuredDistinct;
        var wrongDistinct = new long[distinct];
        long cleanWrong = 0;
        var basisImage = new float[plane];
        var batch = new float[Options.MaxBatchSize * len];
        var slotLabel = new int[Options.MaxBatchSize];
        var slotBasis = new int[Options.MaxBatchSize];
        int filled = 0;

        void Flush()
        {
            float[] logits = _model.Forward(batch.AsSpan(0, filled * len), filled);
            for (int s = 0; s < filled; s++)
            {
                if (Logits.ArgMax(logits.AsSpan(s * _model.Classes, _model.Classes)) != slotLabel[s])
                {
                    wrongDistinct[slotBasis[s]]++;
                }
            }

            filled = 0;
        }

        for (int start = 0; start < n; start += ImagesPerBlock)
        {
            cancellation.ThrowIfCancellationRequested();
            int rows = Math.Min(ImagesPerBlock, n - start);
            cleanWrong += rows - Logits.Correct(_model.Forward(images.Slice(start * len, rows * len), rows), labels.Slice(start, rows), _model.Classes);

            string stage = $"basis images for images {identities[start] + 1}–{identities[start + rows - 1] + 1}";
            int done = 0;
            foreach (int f in measured)
            {
                BasisProgress?.Report((stage, done++, measured.Length));
                WriteBasis(f, basisImage);
                for (int r = 0; r < rows; r++)
                {
                    Perturb(images.Slice((start + r) * len, len), basisImage, identities[start + r], f, batch.AsSpan(filled * len, len));
                    slotLabel[filled] = labels[start + r];
                    slotBasis[filled] = f;
                    if (++filled == Options.MaxBatchSize)
                    {
                        Flush();
                    }
                }
            }

            if (filled > 0)
            {
                Flush();
            }

            BasisProgress?.Report((stage, measured.Length, measured.Length));
            progress?.Report(start + rows);
        }

        return Result(wrongDistinct, cleanWrong, n);
    }

    /// <summary>Writes distinct basis image <paramref name="index"/> (unit L2 norm) into <paramref name="image"/>.</summary>
    public void WriteBasis(int index, Span<float> image)
    {
        if (_fourier is not null)
        {
            _fourier.Write(index, image);
            return;
        }

        int h = _model.Height, w = _model.Width, u = index / w, v = index % w;
        for (int m = 0; m < h; m++)
        {
            for (int k = 0; k < w; k++)
            {
                image[m * w + k] = (float)(_dctRows![u * h + m] * _dctColumns![v * w + k]);
            }
        }
    }

    /// <summary>The signs (±1, one per channel) image <paramref name="identity"/> gets for basis image <paramref name="basis"/>.</summary>
    public int[] Signs(long identity, int basis)
    {
        var signs = new int[_model.Channels];
        var rng = Options.RandomSign ? SeededRandom.For(Options.Seed, identity, basis) : null;
        for (int ch = 0; ch < signs.Length; ch++)
        {
            signs[ch] = rng is null || rng.Next(2) == 1 ? 1 : -1;
        }

        return signs;
    }

    private void Perturb(ReadOnlySpan<float> image, ReadOnlySpan<float> basis, long identity, int f, Span<float> output)
    {
        int plane = basis.Length;
        int[] signs = Signs(identity, f);
        for (int ch = 0; ch < signs.Length; ch++)
        {
            float scale = (float)(signs[ch] * Options.PerturbationNorm);
            for (int i = 0; i < plane; i++)
            {
                float v = image[ch * plane + i] + scale * basis[i];
                output[ch * plane + i] = Options.Clip ? Math.Clamp(v, 0f, 1f) : v;
            }
        }
    }

    // The measured cells, or null when every cell is (the whole map).
    private bool[]? Subset() => MeasuredCells is var cells && cells.All(m => m) ? null : cells;

    private HeatMapResult Result(long[] wrongDistinct, long cleanWrong, int n)
    {
        if (_fourier is not null)
        {
            var cells = new long[_fourier.MapHeight * _fourier.MapWidth];
            for (int cell = 0; cell < cells.Length; cell++)
            {
                cells[cell] = wrongDistinct[_fourier.DistinctOfCell[cell]];
            }

            return new HeatMapResult(SpectralBasis.Fourier, _fourier.MapHeight, _fourier.MapWidth, cells, cleanWrong, n, null) { Measured = Subset(), Stride = Stride };
        }

        int w = _model.Width;
        var bands = Enumerable.Range(0, wrongDistinct.Length).Select(i => i / w + i % w).ToArray();
        return new HeatMapResult(SpectralBasis.Dct, _model.Height, w, wrongDistinct, cleanWrong, n, bands) { Measured = Subset(), Stride = Stride };
    }
}
