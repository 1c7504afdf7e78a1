namespace MlNetFreq.Methods.Corruptions;

/// <summary>
/// The diamond-square height map of the reference's <c>plasma_fractal(mapsize, wibbledecay)</c>: a periodic
/// mapsize × mapsize map (mapsize a power of two) that starts at 0 in the corner; each square's centre becomes the mean
/// of its four corners and each diamond's centre the mean of its four neighbours (wrapping around), plus wibble·U(−wibble,
/// wibble) — the reference scales its uniform draw by wibble twice — with wibble starting at 100 and divided by
/// wibbledecay after each level; finally rescaled to [0, 1].
/// </summary>
internal static class PlasmaFractal
{
    /// <summary>A map of side <paramref name="size"/> (a power of two), rows first.</summary>
    public static double[] Create(int size, double decay, Random rng)
    {
        if (size < 1 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The plasma fractal needs a power-of-two size.");
        }

        var map = new double[size * size];
        double wibble = 100;
        double Noisy(double sum) => sum / 4 + wibble * (rng.NextDouble() * 2 * wibble - wibble);
        double At(int r, int c) => map[((r % size + size) % size) * size + (c % size + size) % size];

        for (int step = size; step >= 2; step /= 2)
        {
            int half = step / 2;

            // Squares: centre = mean of the four corners (the corner grid wraps around).
            for (int r = 0; r < size; r += step)
            {
                for (int c = 0; c < size; c += step)
                {
                    map[(r + half) * size + c + half] = Noisy(At(r, c) + At(r + step, c) + At(r, c + step) + At(r + step, c + step));
                }
            }

            // Diamonds on the corner rows (r, c + half): the centres below and above, the corners left and right.
            for (int r = 0; r < size; r += step)
            {
                for (int c = 0; c < size; c += step)
                {
                    map[r * size + c + half] = Noisy(At(r + half, c + half) + At(r - half, c + half) + At(r, c) + At(r, c + step));
                }
            }

            // Diamonds on the centre rows (r + half, c): the centres right and left, the corners above and below.
            for (int r = 0; r < size; r += step)
            {
                for (int c = 0; c < size; c += step)
                {
                    map[(r + half) * size + c] = Noisy(At(r + half, c + half) + At(r + half, c - half) + At(r, c) + At(r + step, c));
                }
            }

            wibble /= decay;
        }

        double min = map.Min();
        for (int i = 0; i < map.Length; i++)
        {
            map[i] -= min;
        }

        double max = map.Max();
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = max > 0 ? map[i] / max : 0;
        }

        return map;
    }
}
