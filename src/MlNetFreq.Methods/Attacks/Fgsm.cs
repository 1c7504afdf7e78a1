using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>Options of <see cref="Fgsm"/> (torchattacks' defaults).</summary>
    public sealed record FgsmOptions : AttackOptions
    {
        /// <summary>L∞ budget ε (torchattacks 8/255).</summary>
        [MethodOption("eps", "L∞ budget ε.")]
        public double Eps { get; init; } = 8.0 / 255;

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new Fgsm(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() => Budget();
    }
}

namespace MlNetFreq.Methods.Attacks
{
    /// <summary>
    /// Fast Gradient Sign Method (Goodfellow et al. 2015), as torchattacks: <c>x′ = clip₀₁(x + ε·sign(∇ₓ CE(f(x), y)))</c>;
    /// targeted: <c>x′ = clip₀₁(x − ε·sign(∇ₓ CE(f(x), t)))</c>.
    /// </summary>
    public sealed class Fgsm(ModelSession model, FgsmOptions? options = null) : Attack(model, options ?? new FgsmOptions())
    {
        private FgsmOptions Settings => (FgsmOptions)Options;

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            var g = Model.CrossEntropyGradient(x, labels.Length, labels).InputGradient;
            float step = (float)(Targeted ? -Settings.Eps : Settings.Eps);
            var adv = new float[x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                adv[j] = Math.Clamp(x[j] + step * MathF.Sign(g[j]), 0f, 1f);
            }

            Array.Fill(iterations, 1);
            return adv;
        }
    }
}
