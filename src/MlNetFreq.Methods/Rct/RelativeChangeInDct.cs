using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Rct;

/// <summary>
/// RCT, the robust reading of the paper's "average relative change in DCT": with ΔDᵢ = D(x′ᵢ) − D(xᵢ),
/// <c>RCT(u,v) = Σᵢ Σ_ch |ΔDᵢ(u,v)| / Σᵢ Σ_ch |D(xᵢ)(u,v)|</c> (0 where the denominator is 0), and per band
/// <c>RCTband(k) = Σᵢ Σ_ch Σ_{(u,v)∈k} |ΔDᵢ| / Σᵢ Σ_ch Σ_{(u,v)∈k} |D(xᵢ)|</c>. Ratios of sums, so near-zero
/// coefficients of single images cannot blow them up. Pairs are added block by block (<see cref="Add"/>), so any
/// number of images fits in bounded memory.
/// <para>
/// The sums are exact: each |ΔD| and |D| is rounded to a multiple of 2⁻²⁴ (<see cref="Quantum"/>) and added as an integer,
/// so they do not depend on the order or grouping of the images — parts summed on several machines
/// (<see cref="ThirdSums"/>) give the one-machine result bit for bit. A coefficient of magnitude 2³⁸ or more, or a sum
/// past 2⁶³ quanta, is refused rather than wrapped.
/// </para>
/// </summary>
public sealed class RelativeChangeInDct
{
    /// <summary>The unit the sums are kept in: 2⁻²⁴.</summary>
    public const double Quantum = 1.0 / (1 << 24);

    private const int BlockImages = 256;
    private const double Scale = 1 << 24;
    private const double MaxMagnitude = 274877906944.0; // 2³⁸: a term stays below 2⁶² quanta
    private readonly int _channels, _height, _width;
    private readonly IDctBackend _dct;
    private readonly long[] _change;
    private readonly long[] _magnitude;
    private float[] _a = [];
    private float[] _b = [];

    /// <summary>An empty accumulator for images of (C, H, W).</summary>
    public RelativeChangeInDct(int channels, int height, int width, DctBackendKind backend = DctBackendKind.Auto)
    {
        new ImageBatchShape(1, channels, height, width).Validate("RCT image shape");
        (_channels, _height, _width) = (channels, height, width);
        _dct = DctBackends.Shared(backend);
        _change = new long[channels * height * width];
        _magnitude = new long[_change.Length];
    }

    /// <summary>Images added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Computes RCT over n pairs of images of <paramref name="shape"/>.</summary>
    public static RctResult Compute(ReadOnlySpan<float> clean, ReadOnlySpan<float> perturbed, ImageBatchShape shape,
        BandLayout layout = BandLayout.Diagonal, bool perChannel = false, DctBackendKind backend = DctBackendKind.Auto)
    {
        shape.ValidateBuffer(clean.Length, nameof(clean));
        var rct = new RelativeChangeInDct(shape.C, shape.H, shape.W, backend);
        rct.Add(clean, perturbed, shape.N);
        return rct.Result(layout, perChannel);
    }

    /// <summary>Adds <paramref name="rows"/> pairs (clean and perturbed images, [rows, C, H, W] each).</summary>
    public void Add(ReadOnlySpan<float> clean, ReadOnlySpan<float> perturbed, int rows)
    {
        int len = _change.Length;
        if (clean.Length != (long)rows * len || perturbed.Length != clean.Length)
        {
            throw new ArgumentException($"Expected {rows} clean and {rows} perturbed images of [{_channels},{_height},{_width}] = {(long)rows * len} values each, found {clean.Length} and {perturbed.Length}.");
        }

        for (int first = 0; first < rows; first += BlockImages)
        {
            int count = Math.Min(BlockImages, rows - first);
            if (_a.Length < count * len)
            {
                _a = new float[count * len];
                _b = new float[count * len];
            }

            var block = new ImageBatchShape(count, _channels, _height, _width);
            _dct.Transform(clean.Slice(first * len, count * len), _a.AsSpan(0, count * len), block, DctDirection.Forward);
            _dct.Transform(perturbed.Slice(first * len, count * len), _b.AsSpan(0, count * len), block, DctDirection.Forward);
            for (int i = 0; i < count * len; i++)
            {
                int cell = i % len;
                _change[cell] = checked(_change[cell] + Quanta(Math.Abs(_b[i] - _a[i])));
                _magnitude[cell] = checked(_magnitude[cell] + Quanta(Math.Abs(_a[i])));
            }
        }

        Count += rows;
    }

    /// <summary>
    /// Σ|ΔD| and Σ|D| over everything added so far, pooled over channels, per third of the diagonal bands (low, middle,
    /// high), in quanta: exact, so parts add up to the whole whatever the split (<see cref="ThirdRelativeChange"/>).
    /// </summary>
    public (Int128[] Change, Int128[] Magnitude) ThirdSums()
    {
        int plane = _height * _width;
        var bands = FrequencyBands.Create(_height, _width, BandLayout.Diagonal);
        var change = new Int128[3];
        var magnitude = new Int128[3];
        for (int cell = 0; cell < _change.Length; cell++)
        {
            int third = FrequencyBands.ThirdOf(bands.BandOf[cell % plane], bands.Count);
            change[third] += _change[cell];
            magnitude[third] += _magnitude[cell];
        }

        return (change, magnitude);
    }

    /// <summary>RCT per third of the bands from <see cref="ThirdSums"/> (added over parts): Σ|ΔD| / Σ|D|, 0 where Σ|D| is 0.</summary>
    public static double[] ThirdRelativeChange(IReadOnlyList<Int128> change, IReadOnlyList<Int128> magnitude)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(magnitude);
        return [.. change.Select((c, t) => (double)Ratio((double)c, (double)magnitude[t]))];
    }

    /// <summary>The map, band profile and shares of everything added so far.</summary>
    public RctResult Result(BandLayout layout = BandLayout.Diagonal, bool perChannel = false)
    {
        int plane = _height * _width;
        var bands = FrequencyBands.Create(_height, _width, layout);
        var map = new float[plane];
        var bandChange = new double[bands.Count];
        var bandMagnitude = new double[bands.Count];
        Int128[] pooledChange = new Int128[plane], pooledMagnitude = new Int128[plane];
        for (int ch = 0; ch < _channels; ch++)
        {
            for (int p = 0; p < plane; p++)
            {
                pooledChange[p] += _change[ch * plane + p];
                pooledMagnitude[p] += _magnitude[ch * plane + p];
            }
        }

        // Band sums stay integers; ratios are taken in double (quanta cancel).
        var bandChangeExact = new Int128[bands.Count];
        var bandMagnitudeExact = new Int128[bands.Count];
        var thirds = new Int128[3];
        var thirdMagnitude = new Int128[3];
        for (int p = 0; p < plane; p++)
        {
            map[p] = Ratio((double)pooledChange[p], (double)pooledMagnitude[p]);
            int k = bands.BandOf[p];
            bandChangeExact[k] += pooledChange[p];
            bandMagnitudeExact[k] += pooledMagnitude[p];
            thirds[FrequencyBands.ThirdOf(k, bands.Count)] += pooledChange[p];
            thirdMagnitude[FrequencyBands.ThirdOf(k, bands.Count)] += pooledMagnitude[p];
        }

        for (int k = 0; k < bands.Count; k++)
        {
            bandChange[k] = (double)bandChangeExact[k];
            bandMagnitude[k] = (double)bandMagnitudeExact[k];
        }

        double total = (double)(thirds[0] + thirds[1] + thirds[2]);
        float[]? channelMap = perChannel ? _change.Select((c, i) => Ratio(c, _magnitude[i])).ToArray() : null;
        return new RctResult(map, bandChange.Select((c, k) => Ratio(c, bandMagnitude[k])).ToArray(),
            Share((double)thirds[0], total), Share((double)thirds[1], total), Share((double)thirds[2], total), _height, _width, channelMap,
            pooledChange.Select(c => Count > 0 ? (float)((double)c * Quantum / (Count * _channels)) : 0f).ToArray())
        {
            ThirdRelativeChange = ThirdRelativeChange(thirds, thirdMagnitude),
        };
    }

    private static float Ratio(double numerator, double denominator) => denominator > 0 ? (float)(numerator / denominator) : 0f;

    private static double Share(double part, double total) => total > 0 ? part / total : 0;

    private static long Quanta(float magnitude) => magnitude < MaxMagnitude
        ? (long)Math.Round(magnitude * Scale)
        : throw new ArgumentOutOfRangeException(nameof(magnitude), magnitude, $"RCT: a DCT coefficient of magnitude {magnitude} is beyond the exact accumulator's range (below 2^38); expected image-scale values.");
}
