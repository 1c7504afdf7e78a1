using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="FgmL2"/> (foolbox's <c>L2FastGradientAttack</c>, budget ε = 1.0 as torchattacks' PGDL2).</summary>
    public sealed record FgmL2Options : AttackOptions
    {
        /// <summary>L2 budget ε: the length of the single step.</summary>
        [MethodOption("eps", "L2 budget ε: the length of the single gradient step.")]
        public double Eps { get; init; } = 1.0;

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override bool L2Budget => true;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new FgmL2(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() => Budget();
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Fast Gradient Method in L2 (Goodfellow et al. 2015; the L2 form of foolbox): one step along the normalised gradient,
    /// <c>x′ = clip₀₁(x + ε·g/‖g‖₂)</c> with g = ∇ₓ CE(f(x), y) per image (targeted: minus the step towards t).
    /// </summary>
    public sealed class FgmL2(ModelSession model, FgmL2Options? options = null) : Attack(model, options ?? new FgmL2Options())
    {
        private double Eps => ((FgmL2Options)Options).Eps;

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            int rows = labels.Length, len = ImageLength;
            var g = Model.CrossEntropyGradient(x, rows, labels).InputGradient;
            double[] norms = Perturbations.RowNorms(g, rows, len);
            var adv = new float[x.Length];
            for (int i = 0; i < rows; i++)
            {
                double scale = (Targeted ? -Eps : Eps) / (norms[i] + 1e-12);
                for (int j = i * len; j < (i + 1) * len; j++)
                {
                    adv[j] = (float)Math.Clamp(x[j] + scale * g[j], 0, 1);
                }
            }

            Array.Fill(iterations, 1);
            return adv;
        }
    }
}
