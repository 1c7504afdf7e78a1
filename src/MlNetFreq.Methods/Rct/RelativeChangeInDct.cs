using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Rct;

/// <summary>
/// RCT, the robust reading of the paper's "average relative change in DCT": with ΔDᵢ = D(x′ᵢ) − D(xᵢ),
/// <c>RCT(u,v) = Σᵢ Σ_ch |ΔDᵢ(u,v)| / Σᵢ Σ_ch |D(xᵢ)(u,v)|</c> (0 where the denominator is 0), and per band
/// <c>RCTband(k) = Σᵢ Σ_ch Σ_{(u,v)∈k} |ΔDᵢ| / Σᵢ Σ_ch Σ_{(u,v)∈k} |D(xᵢ)|</c>. Ratios of sums, so near-zero
/// coefficients of single images cannot blow them up. Images are transformed in blocks; memory stays bounded.
/// </summary>
public static class RelativeChangeInDct
{
    private const int BlockImages = 256;

    /// <summary>Computes RCT over n pairs of images of <paramref name="shape"/>.</summary>
    public static RctResult Compute(ReadOnlySpan<float> clean, ReadOnlySpan<float> perturbed, ImageBatchShape shape,
        BandLayout layout = BandLayout.Diagonal, bool perChannel = false, DctBackendKind backend = DctBackendKind.Auto)
    {
        shape.ValidateBuffer(clean.Length, nameof(clean));
        if (perturbed.Length != clean.Length)
        {
            throw new ArgumentException($"Expected perturbed images of the clean images' shape {shape} ({clean.Length} values), found {perturbed.Length} values.", nameof(perturbed));
        }

        int plane = shape.PlaneLength, len = shape.ImageLength;
        var change = new double[shape.C * plane];
        var magnitude = new double[shape.C * plane];
        var dct = DctBackends.Shared(backend);
        var a = new float[Math.Min(shape.N, BlockImages) * len];
        var b = new float[a.Length];
        for (int first = 0; first < shape.N; first += BlockImages)
        {
            int rows = Math.Min(BlockImages, shape.N - first);
            var block = shape with { N = rows };
            dct.Transform(clean.Slice(first * len, rows * len), a.AsSpan(0, rows * len), block, DctDirection.Forward);
            dct.Transform(perturbed.Slice(first * len, rows * len), b.AsSpan(0, rows * len), block, DctDirection.Forward);
            for (int i = 0; i < rows * len; i++)
            {
                int cell = i % len;
                change[cell] += Math.Abs(b[i] - a[i]);
                magnitude[cell] += Math.Abs(a[i]);
            }
        }

        var bands = FrequencyBands.Create(shape.H, shape.W, layout);
        var map = new float[plane];
        var bandChange = new double[bands.Count];
        var bandMagnitude = new double[bands.Count];
        double[] pooledChange = new double[plane], pooledMagnitude = new double[plane];
        for (int ch = 0; ch < shape.C; ch++)
        {
            for (int p = 0; p < plane; p++)
            {
                pooledChange[p] += change[ch * plane + p];
                pooledMagnitude[p] += magnitude[ch * plane + p];
            }
        }

        var thirds = new double[3];
        for (int p = 0; p < plane; p++)
        {
            map[p] = Ratio(pooledChange[p], pooledMagnitude[p]);
            int k = bands.BandOf[p];
            bandChange[k] += pooledChange[p];
            bandMagnitude[k] += pooledMagnitude[p];
            thirds[Math.Min(2, 3 * k / bands.Count)] += pooledChange[p];
        }

        double total = thirds.Sum();
        float[]? channelMap = perChannel ? change.Select((c, i) => Ratio(c, magnitude[i])).ToArray() : null;
        return new RctResult(map, bandChange.Select((c, k) => Ratio(c, bandMagnitude[k])).ToArray(),
            Share(thirds[0], total), Share(thirds[1], total), Share(thirds[2], total), shape.H, shape.W, channelMap);
    }

    private static float Ratio(double numerator, double denominator) => denominator > 0 ? (float)(numerator / denominator) : 0f;

    private static double Share(double part, double total) => total > 0 ? part / total : 0;
}
