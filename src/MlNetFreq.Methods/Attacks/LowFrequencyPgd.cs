using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// Low-frequency PGD (Guo et al. 2018; Sharma et al. 2019): L∞ PGD whose gradient is restricted to the lowest DCT
/// frequencies before sign(): the top-left ⌈ratio·H⌉ × ⌈ratio·W⌉ block of every channel's orthonormal DCT is kept,
/// the rest zeroed (<c>dct_ratio</c> of the reference code), or, with <see cref="Bands"/>, the diagonal bands k &lt; Bands.
/// </summary>
public sealed class LowFrequencyPgd : ProjectedGradientDescent
{
    /// <summary>Attacks <paramref name="model"/> (defaults of the reference notebook: ε = 0.03, α = 0.01, 20 steps, ratio 0.125).</summary>
    public LowFrequencyPgd(ModelSession model)
        : base(model)
    {
        Eps = 0.03;
        Alpha = 0.01;
        Steps = 20;
    }

    /// <summary>Kept fraction of each spatial frequency axis.</summary>
    public double Ratio { get; init; } = 0.125;

    /// <summary>When &gt; 0, keep the diagonal bands k = u + v &lt; Bands instead of the ratio block.</summary>
    public int Bands { get; init; }

    /// <inheritdoc />
    protected override bool L2 => false;

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        if (!(Ratio > 0 && Ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, $"Ratio: expected a fraction in (0, 1], found {Ratio}.");
        }

        AtLeast(Bands, 0, nameof(Bands));
    }

    /// <inheritdoc />
    protected override void FilterGradient(float[] gradient, int rows)
    {
        int c = Model.Channels, h = Model.Height, w = Model.Width;
        var shape = new ImageBatchShape(rows, c, h, w);
        var dct = DctBackends.Shared(DctBackendKind.Auto);
        dct.Transform(gradient, gradient, shape, DctDirection.Forward);
        int keepH = (int)Math.Ceiling(Ratio * h), keepW = (int)Math.Ceiling(Ratio * w);
        for (int p = 0; p < shape.Planes; p++)
        {
            for (int u = 0; u < h; u++)
            {
                for (int v = 0; v < w; v++)
                {
                    bool keep = Bands > 0 ? u + v < Bands : u < keepH && v < keepW;
                    if (!keep)
                    {
                        gradient[(p * h + u) * w + v] = 0;
                    }
                }
            }
        }

        dct.Transform(gradient, gradient, shape, DctDirection.Inverse);
    }
}
