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
/// </summary>
public sealed class RelativeChangeInDct
{
    private const int BlockImages = 256;
    private readonly int _channels, _height, _width;
    private readonly IDctBackend _dct;
    private readonly double[] _change;
    private readonly double[] _magnitude;
    private float[] _a = [];
    private float[] _b = [];

    /// <summary>An empty accumulator for images of (C, H, W).</summary>
    public RelativeChangeInDct(int channels, int height, int width, DctBackendKind backend = DctBackendKind.Auto)
    {
        new ImageBatchShape(1, channels, height, width).Validate("RCT image shape");
        (_channels, _height, _width) = (channels, height, width);
        _dct = DctBackends.Shared(backend);
        _change = new double[channels * height * width];
        _magnitude = new double[_change.Length];
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
                _change[cell] += Math.Abs(_b[i] - _a[i]);
                _magnitude[cell] += Math.Abs(_a[i]);
            }
        }

        Count += rows;
    }

    /// <summary>The map, band profile and shares of everything added so far.</summary>
    public RctResult Result(BandLayout layout = BandLayout.Diagonal, bool perChannel = false)
    {
        int plane = _height * _width;
        var bands = FrequencyBands.Create(_height, _width, layout);
        var map = new float[plane];
        var bandChange = new double[bands.Count];
        var bandMagnitude = new double[bands.Count];
        double[] pooledChange = new double[plane], pooledMagnitude = new double[plane];
        for (int ch = 0; ch < _channels; ch++)
        {
            for (int p = 0; p < plane; p++)
            {
                pooledChange[p] += _change[ch * plane + p];
                pooledMagnitude[p] += _magnitude[ch * plane + p];
            }
        }

        var thirds = new double[3];
        var thirdMagnitude = new double[3];
        for (int p = 0; p < plane; p++)
        {
            map[p] = Ratio(pooledChange[p], pooledMagnitude[p]);
            int k = bands.BandOf[p];
            bandChange[k] += pooledChange[p];
            bandMagnitude[k] += pooledMagnitude[p];
            thirds[FrequencyBands.ThirdOf(k, bands.Count)] += pooledChange[p];
            thirdMagnitude[FrequencyBands.ThirdOf(k, bands.Count)] += pooledMagnitude[p];
        }

        double total = thirds.Sum();
        float[]? channelMap = perChannel ? _change.Select((c, i) => Ratio(c, _magnitude[i])).ToArray() : null;
        return new RctResult(map, bandChange.Select((c, k) => Ratio(c, bandMagnitude[k])).ToArray(),
            Share(thirds[0], total), Share(thirds[1], total), Share(thirds[2], total), _height, _width, channelMap,
            pooledChange.Select(c => Count > 0 ? (float)(c / (Count * _channels)) : 0f).ToArray())
        {
            ThirdRelativeChange = [.. thirds.Select((c, t) => (double)Ratio(c, thirdMagnitude[t]))],
        };
    }

    private static float Ratio(double numerator, double denominator) => denominator > 0 ? (float)(numerator / denominator) : 0f;

    private static double Share(double part, double total) => total > 0 ? part / total : 0;
}
