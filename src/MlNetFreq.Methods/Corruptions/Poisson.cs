using MathNet.Numerics;

namespace MlNetFreq.Methods.Corruptions;

/// <summary>Exact Poisson draws: multiplication of uniforms (Knuth) for λ &lt; 10, Hörmann's PTRS transformed rejection (1993) above.</summary>
internal static class Poisson
{
    /// <summary>One draw of Poisson(<paramref name="lambda"/>); 0 for λ = 0.</summary>
    public static double Sample(Random rng, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 10)
        {
            double limit = Math.Exp(-lambda), product = rng.NextDouble();
            int k = 0;
            while (product > limit)
            {
                k++;
                product *= rng.NextDouble();
            }

            return k;
        }

        // PTRS (W. Hörmann, "The transformed rejection method for generating Poisson random variables", 1993).
        double slam = Math.Sqrt(lambda), logLambda = Math.Log(lambda);
        double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = rng.NextDouble() - 0.5, v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -lambda + k * logLambda - SpecialFunctions.GammaLn(k + 1))
            {
                return k;
            }
        }
    }
}
