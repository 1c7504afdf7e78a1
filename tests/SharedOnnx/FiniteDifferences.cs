using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Tests.Shared;

/// <summary>
/// Checks a session's input gradient against central finite differences of L(x) = ⟨seed, f(x)⟩ along random
/// directions: ⟨∇L, v⟩ ≈ (L(x + h·v) − L(x − h·v)) / 2h.
/// </summary>
internal static class FiniteDifferences
{
    public static void Check(ModelSession session, int n, int seed, double h = 1e-3, double rtol = 2e-2, string what = "")
    {
        int len = n * session.Channels * session.Height * session.Width;
        float[] x = TestArrays.Uniform(len, seed, -1f, 1f);
        float[] y0 = session.Forward(x, n);
        float[] s = TestArrays.Uniform(y0.Length, seed + 1, -1f, 1f);
        var g = session.Gradient(x, n, s);
        TestArrays.AssertClose(y0, g.Logits, atol: 1e-5, what: $"{what} forward outputs of the gradient graph");
        for (int d = 0; d < 3; d++)
        {
            float[] v = TestArrays.Uniform(len, seed + 10 + d, -1f, 1f);
            double analytic = Dot(g.InputGradient, v);
            double numeric = (Loss(session, x, v, h, n, s) - Loss(session, x, v, -h, n, s)) / (2 * h);
            double scale = Math.Max(1e-3, Math.Abs(numeric)) + Math.Sqrt(Dot(g.InputGradient, g.InputGradient)) * 1e-3;
            Assert.True(Math.Abs(analytic - numeric) <= rtol * scale,
                $"{what} direction {d}: analytic {analytic:G6}, finite difference {numeric:G6}");
        }
    }

    private static double Loss(ModelSession session, float[] x, float[] v, double h, int n, float[] s)
    {
        var shifted = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            shifted[i] = (float)(x[i] + h * v[i]);
        }

        return Dot(session.Forward(shifted, n), s);
    }

    private static double Dot(float[] a, float[] b)
    {
        double acc = 0;
        for (int i = 0; i < a.Length; i++)
        {
            acc += (double)a[i] * b[i];
        }

        return acc;
    }
}
