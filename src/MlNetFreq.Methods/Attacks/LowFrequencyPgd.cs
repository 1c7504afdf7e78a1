using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="LowFrequencyPgd"/> (defaults of the reference notebook: ε = 0.03, α = 0.01, 20 steps, ratio 0.125).</summary>
    public sealed record LowFrequencyPgdOptions : ProjectedGradientOptions
    {
        /// <inheritdoc />
        [MethodOption("eps", "L∞ budget ε.")]
        public override double Eps { get; init; } = 0.03;

        /// <inheritdoc />
        [MethodOption("alpha", "Step size α of each sign step of the low-pass gradient.")]
        public override double Alpha { get; init; } = 0.01;

        /// <inheritdoc />
        [MethodOption("steps", "Gradient steps per restart.")]
        public override int Steps { get; init; } = 20;

        /// <summary>Kept fraction of each spatial frequency axis.</summary>
        [MethodOption("ratio", "Kept fraction of each spatial frequency axis (the top-left ⌈ratio·H⌉ × ⌈ratio·W⌉ DCT block).")]
        public double Ratio { get; init; } = 0.125;

        /// <summary>When &gt; 0, keep the diagonal bands k = u + v &lt; Bands instead of the ratio block.</summary>
        [MethodOption("bands", "When > 0, keep the diagonal DCT bands k = u + v < bands instead of the ratio block.")]
        public int Bands { get; init; }

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new LowFrequencyPgd(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            base.Problems().Concat(Fraction(Ratio, "ratio")).Concat(AtLeast(Bands, 0, "bands"));
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Low-frequency PGD (Guo et al. 2018; Sharma et al. 2019): L∞ PGD whose gradient is restricted to the lowest DCT
    /// frequencies before sign(): the top-left ⌈ratio·H⌉ × ⌈ratio·W⌉ block of every channel's orthonormal DCT is kept,
    /// the rest zeroed (<c>dct_ratio</c> of the reference code), or, with <see cref="LowFrequencyPgdOptions.Bands"/>, the diagonal bands k &lt; Bands.
    /// </summary>
    public sealed class LowFrequencyPgd(ModelSession model, LowFrequencyPgdOptions? options = null) : ProjectedGradientDescent(model, options ?? new LowFrequencyPgdOptions())
    {
        private LowFrequencyPgdOptions Settings => (LowFrequencyPgdOptions)Options;

        /// <inheritdoc />
        protected override bool L2 => false;

        /// <inheritdoc />
        protected override void FilterGradient(float[] gradient, int rows)
        {
            int c = Model.Channels, h = Model.Height, w = Model.Width;
            var shape = new ImageBatchShape(rows, c, h, w);
            var dct = DctBackends.Shared(DctBackendKind.Auto);
            dct.Transform(gradient, gradient, shape, DctDirection.Forward);
            int keepH = (int)Math.Ceiling(Settings.Ratio * h), keepW = (int)Math.Ceiling(Settings.Ratio * w);
            for (int p = 0; p < shape.Planes; p++)
            {
                for (int u = 0; u < h; u++)
                {
                    for (int v = 0; v < w; v++)
                    {
                        bool keep = Settings.Bands > 0 ? u + v < Settings.Bands : u < keepH && v < keepW;
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
}
