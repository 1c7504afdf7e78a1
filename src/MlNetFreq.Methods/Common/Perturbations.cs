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
