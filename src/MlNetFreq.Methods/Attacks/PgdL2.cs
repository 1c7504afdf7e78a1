using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="PgdL2"/> (torchattacks' <c>PGDL2</c>: ε = 1.0, α = 0.2, 10 steps, random start).</summary>
    public sealed record PgdL2Options : ProjectedGradientOptions
    {
        /// <inheritdoc />
        [MethodOption("eps", "L2 budget ε.")]
        public override double Eps { get; init; } = 1.0;

        /// <inheritdoc />
        [MethodOption("alpha", "Step size α along g/‖g‖₂.")]
        public override double Alpha { get; init; } = 0.2;

        /// <inheritdoc />
        [MethodOption("steps", "Gradient steps per restart.")]
        public override int Steps { get; init; } = 10;

        /// <inheritdoc />
        public override bool L2Budget => true;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new PgdL2(model, this);
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>PGD in the L2 ball: each step x ← x + α·g/‖g‖₂ per sample.</summary>
    public sealed class PgdL2(ModelSession model, PgdL2Options? options = null) : ProjectedGradientDescent(model, options ?? new PgdL2Options())
    {
        /// <inheritdoc />
        protected override bool L2 => true;
    }
}
