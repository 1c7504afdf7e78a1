using MathNet.Numerics.Distributions;

namespace MlNetFreq.Methods.Validation;

/// <summary>
/// Wilson score interval of a binomial proportion (Wilson 1927): for k successes in n trials and z the
/// (1 − (1 − level)/2) normal quantile, centre (p̂ + z²/2n)/(1 + z²/n) ± z·√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n).
/// Unlike the normal approximation it stays inside [0, 1] and behaves at p̂ = 0 or 1.
/// </summary>
public static class WilsonInterval
{
    /// <summary>(lower, upper) bounds at the given confidence level (default 95 %).</summary>
    public static (double Lower, double Upper) Of(int successes, int trials, double level = 0.95)
    {
        if (trials <= 0 || successes < 0 || successes > trials || !(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trials), $"Expected 0 ≤ successes ≤ trials, trials ≥ 1 and a level in (0, 1); found {successes} of {trials} at {level}.");
        }

        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double p = successes / (double)trials, n = trials, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
