using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// Fast Gradient Sign Method (Goodfellow et al. 2015), as torchattacks: <c>x′ = clip₀₁(x + ε·sign(∇ₓ CE(f(x), y)))</c>;
/// targeted: <c>x′ = clip₀₁(x − ε·sign(∇ₓ CE(f(x), t)))</c>.
/// </summary>
public sealed class Fgsm(ModelSession model) : Attack(model)
{
    /// <summary>L∞ budget (torchattacks default 8/255).</summary>
    public double Eps { get; set; } = 8.0 / 255;

    /// <inheritdoc />
    protected override void Validate() => NonNegative(Eps, nameof(Eps));

    /// <inheritdoc />
    protected override float[] Perturb(float[] x, int[] labels, long firstIndex, int[] iterations, CancellationToken cancellation)
    {
        var g = Model.CrossEntropyGradient(x, labels.Length, labels).InputGradient;
        float step = (float)(Targeted ? -Eps : Eps);
        var adv = new float[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            adv[j] = Math.Clamp(x[j] + step * MathF.Sign(g[j]), 0f, 1f);
        }

        Array.Fill(iterations, 1);
        return adv;
    }
}
