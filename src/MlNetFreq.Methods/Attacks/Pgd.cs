using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="Pgd"/> (torchattacks' <c>PGD</c>: ε = 8/255, α = 2/255, 10 steps, random start).</summary>
    public sealed record PgdOptions : ProjectedGradientOptions
    {
        /// <inheritdoc />
        [MethodOption("eps", "L∞ budget ε.")]
        public override double Eps { get; init; } = 8.0 / 255;

        /// <inheritdoc />
        [MethodOption("alpha", "Step size α of each sign step.")]
        public override double Alpha { get; init; } = 2.0 / 255;

        /// <inheritdoc />
        [MethodOption("steps", "Gradient steps per restart.")]
        public override int Steps { get; init; } = 10;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new Pgd(model, this);
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>PGD in the L∞ ball: each step x ← x + α·sign(g).</summary>
    public sealed class Pgd(ModelSession model, PgdOptions? options = null) : ProjectedGradientDescent(model, options ?? new PgdOptions())
    {
        /// <inheritdoc />
        protected override bool L2 => false;
    }
}
