using MlNetFreq.Methods.Common;

namespace MlNetFreq.Methods.Tests;

/// <summary>The vectorised attack steps against their scalar definitions, value for value.</summary>
public sealed class PerturbationsTests
{
    // 3 rows of 37 values (not a multiple of any vector width); pixels in [0, 1], some at the box's faces.
    private const int Rows = 3, Len = 37;

    [Theory]
    [InlineData(false, 8.0 / 255)]
    [InlineData(true, 0.5)]
    [InlineData(true, 50.0)]
    public void ProjectAndClipEqualsTheScalarDefinition(bool l2, double eps)
    {
        var rng = new Random(1);
        float[] x = Values(rng, v => (float)Math.Clamp(v * 1.2 - 0.1, 0, 1));
        float[] adv = x.Select(v => v + (float)(rng.NextDouble() - 0.5) * 0.2f).ToArray();
        float[] expected = (float[])adv.Clone();
        for (int i = 0; i < Rows; i++)
        {
            double sum = 0;
            for (int j = i * Len; j < (i + 1) * Len; j++)
            {
                double d = expected[j] - x[j];
                sum += d * d;
            }

            double scale = Math.Sqrt(sum) > eps ? eps / Math.Sqrt(sum) : 1;
            for (int j = i * Len; j < (i + 1) * Len; j++)
            {
                double d = expected[j] - x[j];
                d = l2 ? d * scale : Math.Clamp(d, -eps, eps);
                expected[j] = (float)Math.Clamp(x[j] + d, 0, 1);
            }
        }

        bool[] active = [true, false, true];
        expected.AsSpan(Len, Len).Clear();
        adv.AsSpan(Len, Len).CopyTo(expected.AsSpan(Len, Len));
        Perturbations.ProjectAndClip(adv, x, Rows, Len, eps, l2, active);
        Assert.Equal(expected, adv);
    }

    [Fact]
    public void SignStepEqualsTheScalarDefinitionAndRefusesNaN()
    {
        var rng = new Random(2);
        float[] row = Values(rng, v => (float)v);
        float[] g = Values(rng, v => v < 0.2 ? 0f : (float)(v - 0.6));
        float[] expected = row.Select((v, j) => v + (float)(-2.0 / 255 * Math.Sign(g[j]))).ToArray();
        Perturbations.AddSignStep(row, g, -2.0 / 255);
        Assert.Equal(expected, row);

        g[Len + 5] = float.NaN;
        Assert.Throws<ArithmeticException>(() => Perturbations.AddSignStep(row, g, 0.1));
    }

    private static float[] Values(Random rng, Func<double, float> f) => Enumerable.Range(0, Rows * Len).Select(_ => f(rng.NextDouble())).ToArray();
}
