namespace MlNetFreq.Methods.Common;

/// <summary>
/// Per-sample random streams that depend only on (seed, sample index, purpose), never on batch size, thread count or
/// process (System.HashCode is randomised per process, so it is not used). Mixing is SplitMix64 (Steele et al. 2014).
/// </summary>
public static class SeededRandom
{
    /// <summary>A <see cref="Random"/> for one sample and purpose.</summary>
    public static Random For(int seed, long index, int purpose = 0) => new(unchecked((int)Mix(Mix((ulong)(uint)seed ^ ((ulong)(uint)purpose << 32)) ^ (ulong)index)));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(this Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }
}
