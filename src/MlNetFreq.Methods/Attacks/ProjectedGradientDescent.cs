using MlNetFreq.Methods.Common;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// Projected gradient descent (Madry et al. 2018) with torchattacks' order: optional random start, then each step
/// <c>x ← x + α·d(g)</c>, project δ onto the ε-ball, clip to [0, 1]. <c>d(g)</c> is sign(g) for L∞ and g/‖g‖₂ per
/// sample for L2. Restarts keep each sample's best run: first a success, then the highest loss (lowest for targeted).
/// </summary>
public abstract class ProjectedGradientDescent : Attack
{
    /// <summary>Attacks <paramref name="model"/>.</summary>
    protected ProjectedGradientDescent(ModelSession model)
        : base(model)
    {
    }

    /// <summary>Budget: max |δ| (L∞) or ‖δ‖₂ (L2).</summary>
    public double Eps { get; set; }

    /// <summary>Step size.</summary>
    public double Alpha { get; set; }

    /// <summary>Gradient steps per restart.</summary>
    public int Steps { get; set; } = 10;

    /// <summary>Start from a uniform random point of the ε-ball (L∞: the box; L2: uniform over the ball's volume).</summary>
    public bool RandomStart { get; set; } = true;

    /// <summary>Independent runs per sample; the best is kept.</summary>
    public int Restarts { get; set; } = 1;

    /// <summary>Stop updating a sample as soon as it is adversarial.</summary>
    public bool EarlyStop { get; set; }

    /// <summary>True for the L2 ball.</summary>
    protected abstract bool L2 { get; }

    /// <inheritdoc />
    protected override void Validate()
    {
        NonNegative(Eps, nameof(Eps));
        NonNegative(Alpha, nameof(Alpha));
        AtLeast(Steps, 0, nameof(Steps));
        AtLeast(Restarts, 1, nameof(Restarts));
    }

    /// <summary>Hook applied to the gradient before the step (low-frequency PGD keeps its lowest DCT bands).</summary>
    protected virtual void FilterGradient(float[] gradient, int rows)
    {
    }

    /// <inheritdoc />
    protected override float[] Perturb(float[] x, int[] labels, long firstIndex, int[] iterations, CancellationToken cancellation)
    {
        int rows = labels.Length, len = ImageLength, k = Model.Classes;
        float[]? best = null;
        var bestSuccess = new bool[rows];
        var bestLoss = new float[rows];
        for (int restart = 0; restart < Restarts; restart++)
        {
            var adv = (float[])x.Clone();
            if (RandomStart)
            {
                StartRandomly(adv, x, rows, firstIndex, restart);
            }

            var active = Enumerable.Repeat(true, rows).ToArray();
            var steps = new int[rows];
            for (int s = 0; s < Steps; s++)
            {
                cancellation.ThrowIfCancellationRequested();
                var result = Model.CrossEntropyGradient(adv, rows, labels);
                float[] g = result.InputGradient;
                if (EarlyStop)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        active[i] &= !IsSuccess(result.Logits.AsSpan(i * k, k), labels[i]);
                    }

                    if (!active.Any(a => a))
                    {
                        break;
                    }
                }

                FilterGradient(g, rows);
                double[] norms = L2 ? Perturbations.RowNorms(g, rows, len) : [];
                for (int i = 0; i < rows; i++)
                {
                    if (!active[i])
                    {
                        continue;
                    }

                    steps[i]++;
                    double scale = (Targeted ? -Alpha : Alpha) / (L2 ? norms[i] + 1e-10 : 1);
                    for (int j = i * len; j < (i + 1) * len; j++)
                    {
                        adv[j] += (float)(scale * (L2 ? g[j] : MathF.Sign(g[j])));
                    }
                }

                Perturbations.ProjectAndClip(adv, x, rows, len, Eps, L2, active);
            }

            if (Restarts == 1)
            {
                steps.CopyTo(iterations, 0);
                return adv;
            }

            var losses = new float[rows];
            float[] logits = Model.Forward(adv, rows);
            LossSeeds.CrossEntropy(logits, labels, k, losses);
            best ??= (float[])adv.Clone();
            for (int i = 0; i < rows; i++)
            {
                bool success = IsSuccess(logits.AsSpan(i * k, k), labels[i]);
                float loss = Targeted ? -losses[i] : losses[i];
                bool better = restart == 0 || (success && !bestSuccess[i]) || (success == bestSuccess[i] && loss > bestLoss[i]);
                if (better)
                {
                    adv.AsSpan(i * len, len).CopyTo(best.AsSpan(i * len, len));
                    bestSuccess[i] = success;
                    bestLoss[i] = loss;
                }

                iterations[i] += steps[i];
            }
        }

        return best!;
    }

    private void StartRandomly(float[] adv, float[] x, int rows, long firstIndex, int restart)
    {
        int len = ImageLength;
        for (int i = 0; i < rows; i++)
        {
            var rng = SeededRandom.For(Seed, firstIndex + i, restart);
            var row = adv.AsSpan(i * len, len);
            if (L2)
            {
                // Uniform over the ball's volume: a Gaussian direction with radius ε·U^(1/d).
                var direction = new double[len];
                double sum = 0;
                for (int j = 0; j < len; j++)
                {
                    direction[j] = rng.Gaussian();
                    sum += direction[j] * direction[j];
                }

                double radius = Eps * Math.Pow(rng.NextDouble(), 1.0 / len) / Math.Sqrt(sum);
                for (int j = 0; j < len; j++)
                {
                    row[j] = (float)(row[j] + radius * direction[j]);
                }
            }
            else
            {
                for (int j = 0; j < len; j++)
                {
                    row[j] = (float)(row[j] + Eps * (2 * rng.NextDouble() - 1));
                }
            }
        }

        Perturbations.ProjectAndClip(adv, x, rows, len, Eps, L2, []);
    }
}

/// <summary>PGD in the L∞ ball (torchattacks <c>PGD</c>: ε = 8/255, α = 2/255, 10 steps, random start).</summary>
public sealed class Pgd : ProjectedGradientDescent
{
    /// <summary>Attacks <paramref name="model"/> with torchattacks' defaults.</summary>
    public Pgd(ModelSession model)
        : base(model)
    {
        Eps = 8.0 / 255;
        Alpha = 2.0 / 255;
    }

    /// <inheritdoc />
    protected override bool L2 => false;
}

/// <summary>PGD in the L2 ball (torchattacks <c>PGDL2</c>: ε = 1.0, α = 0.2, 10 steps, random start).</summary>
public sealed class PgdL2 : ProjectedGradientDescent
{
    /// <summary>Attacks <paramref name="model"/> with torchattacks' defaults.</summary>
    public PgdL2(ModelSession model)
        : base(model)
    {
        Eps = 1.0;
        Alpha = 0.2;
    }

    /// <inheritdoc />
    protected override bool L2 => true;
}
