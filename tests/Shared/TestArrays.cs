namespace MlNetFreq.Tests.Shared;

/// <summary>Seeded random arrays and tolerant comparisons for numeric tests.</summary>
internal static class TestArrays
{
    public static float[] Uniform(int length, int seed, float lo = 0f, float hi = 1f)
    {
        var rng = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = lo + (hi - lo) * rng.NextSingle();
        }

        return a;
    }

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise, reporting the worst index.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double atol, double rtol = 0, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            double excess = err - (atol + rtol * Math.Abs(expected[i]));
            if (excess > worstExcess || double.IsNaN(err))
            {
                worstExcess = double.IsNaN(err) ? double.PositiveInfinity : excess;
                worst = i;
            }
        }

        Assert.True(worst < 0, worst < 0 ? "" :
            $"{what} index {worst}: expected {expected[worst]}, got {actual[worst]} (|diff| {Math.Abs(actual[worst] - expected[worst]):E3} > atol {atol:E1} + rtol {rtol:E1}·|expected|)");
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol = 0, string what = "")
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = expected[i];
        }

        AssertClose(e, actual, atol, rtol, what);
    }
}
