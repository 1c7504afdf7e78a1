namespace MlNetFreq.Methods.Common;

/// <summary>Per-sample vector operations on row-major batches [rows, len], shared by the gradient attacks and representation matching.</summary>
internal static class Perturbations
{
    /// <summary>‖v_i‖₂ of every row.</summary>
    public static double[] RowNorms(ReadOnlySpan<float> v, int rows, int len)
    {
        var norms = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double sum = 0;
            foreach (float a in v.Slice(i * len, len))
            {
                sum += (double)a * a;
            }

            norms[i] = Math.Sqrt(sum);
        }

        return norms;
    }

    /// <summary>The given rows of a batch [?, len], in that order, as a new batch [rows, len] (the samples an attack still works on).</summary>
    public static float[] GatherRows(float[] batch, IReadOnlyList<int> rows, int len)
    {
        var result = new float[rows.Count * len];
        for (int r = 0; r < rows.Count; r++)
        {
            batch.AsSpan(rows[r] * len, len).CopyTo(result.AsSpan(r * len, len));
        }

        return result;
    }

    /// <summary>
    /// A random point on the sphere of <paramref name="radius"/> around <paramref name="x0"/>, clipped to [0, 1] (APGD's and
    /// FAB's random starts): L∞ x₀ + r·u/max|u| with u uniform in [−1, 1], L2 x₀ + r·g/‖g‖₂ with g Gaussian.
    /// </summary>
    public static void SphereStart(Span<float> start, ReadOnlySpan<float> x0, double radius, Random rng, bool l2)
    {
        var u = new double[start.Length];
        double norm = 0;
        for (int j = 0; j < u.Length; j++)
        {
            u[j] = l2 ? rng.Gaussian() : 2 * rng.NextDouble() - 1;
            norm = l2 ? norm + u[j] * u[j] : Math.Max(norm, Math.Abs(u[j]));
        }

        double scale = radius / ((l2 ? Math.Sqrt(norm) : norm) + 1e-12);
        for (int j = 0; j < u.Length; j++)
        {
            start[j] = (float)Math.Clamp(x0[j] + scale * u[j], 0, 1);
        }
    }

    /// <summary>‖a − b‖ in L2 or L∞ (b empty: ‖a‖), in double precision.</summary>
    public static double Norm(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool l2)
    {
        double acc = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double d = b.IsEmpty ? a[j] : (double)a[j] - b[j];
            acc = l2 ? acc + d * d : Math.Max(acc, Math.Abs(d));
        }

        return l2 ? Math.Sqrt(acc) : acc;
    }

    /// <summary>x′ = clip₀₁(x + δ) with δ projected: L∞ by clamping to [−ε, ε], L2 by scaling to ‖δ‖₂ ≤ ε (per row).</summary>
    public static void ProjectAndClip(float[] adv, float[] x, int rows, int len, double eps, bool l2, ReadOnlySpan<bool> active)
    {
        for (int i = 0; i < rows; i++)
        {
            if (!active.IsEmpty && !active[i])
            {
                continue;
            }

            var a = adv.AsSpan(i * len, len);
            var o = x.AsSpan(i * len, len);
            double scale = 1;
            if (l2)
            {
                double sum = 0;
                for (int j = 0; j < len; j++)
                {
                    double d = a[j] - o[j];
                    sum += d * d;
                }

                double norm = Math.Sqrt(sum);
                scale = norm > eps ? eps / norm : 1;
            }

            for (int j = 0; j < len; j++)
            {
                double d = a[j] - o[j];
                d = l2 ? d * scale : Math.Clamp(d, -eps, eps);
                a[j] = (float)Math.Clamp(o[j] + d, 0, 1);
            }
        }
    }
}
