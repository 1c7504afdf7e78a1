using System.Numerics;

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
        int j = 0;
        if (!l2 && Vector.IsHardwareAccelerated)
        {
            // |a − b| in double lanes, each element as the scalar form computes it; a maximum does not depend on the order,
            // so the result is the scalar form's to the bit.
            var max = Vector<double>.Zero;
            for (; j <= a.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(a[j..]), out var a0, out var a1);
                var d0 = a0;
                var d1 = a1;
                if (!b.IsEmpty)
                {
                    Vector.Widen(new Vector<float>(b[j..]), out var b0, out var b1);
                    (d0, d1) = (a0 - b0, a1 - b1);
                }

                max = Vector.Max(max, Vector.Max(Vector.Abs(d0), Vector.Abs(d1)));
            }

            for (int k = 0; k < Vector<double>.Count; k++)
            {
                acc = Math.Max(acc, max[k]);
            }
        }

        for (; j < a.Length; j++)
        {
            double d = b.IsEmpty ? a[j] : (double)a[j] - b[j];
            acc = l2 ? acc + d * d : Math.Max(acc, Math.Abs(d));
        }

        return l2 ? Math.Sqrt(acc) : acc;
    }

    /// <summary>
    /// x′ = clip₀₁(x + δ) with δ projected: L∞ by clamping to [−ε, ε], L2 by scaling to ‖δ‖₂ ≤ ε (per row). δ = x′ − x is
    /// taken in float, the projection and the sum in double, the result rounded to float once.
    /// </summary>
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
            if (l2)
            {
                double sum = 0;
                for (int j = 0; j < len; j++)
                {
                    double d = a[j] - o[j];
                    sum += d * d;
                }

                double norm = Math.Sqrt(sum);
                ProjectRow(a, o, eps, norm > eps ? eps / norm : 1, l2: true);
            }
            else
            {
                ProjectRow(a, o, eps, 1, l2: false);
            }
        }
    }

    /// <summary>
    /// row += step·sign(g) elementwise (the L∞ gradient step; ±step in float, 0 where g is 0), as the scalar
    /// <c>row[j] += (float)(step · Math.Sign(g[j]))</c> computes it. A NaN gradient is refused, as Math.Sign refuses it.
    /// </summary>
    public static void AddSignStep(Span<float> row, ReadOnlySpan<float> g, double step)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var up = new Vector<float>((float)step);
            var down = new Vector<float>((float)-step);
            for (; j <= row.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                var gj = new Vector<float>(g[j..]);
                if (!Vector.EqualsAll(gj, gj))
                {
                    break; // a NaN: the scalar loop below reaches it and throws
                }

                var delta = Vector.ConditionalSelect(Vector.GreaterThan(gj, Vector<float>.Zero), up,
                    Vector.ConditionalSelect(Vector.LessThan(gj, Vector<float>.Zero), down, Vector<float>.Zero));
                (new Vector<float>(row[j..]) + delta).CopyTo(row[j..]);
            }
        }

        for (; j < row.Length; j++)
        {
            row[j] += (float)(step * Math.Sign(g[j]));
        }
    }

    // a = clip₀₁(o + p(a − o)) with p = clamp to [−ε, ε] (L∞) or ×scale (L2); vectorised with the scalar form's roundings.
    private static void ProjectRow(Span<float> a, ReadOnlySpan<float> o, double eps, double scale, bool l2)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var hi = new Vector<double>(eps);
            var lo = new Vector<double>(-eps);
            var s = new Vector<double>(scale);
            for (; j <= a.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                var of = new Vector<float>(o[j..]);
                Vector.Widen(new Vector<float>(a[j..]) - of, out var d0, out var d1);
                Vector.Widen(of, out var o0, out var o1);
                d0 = l2 ? d0 * s : Vector.Max(Vector.Min(d0, hi), lo);
                d1 = l2 ? d1 * s : Vector.Max(Vector.Min(d1, hi), lo);
                Vector.Narrow(Clip01(o0 + d0), Clip01(o1 + d1)).CopyTo(a[j..]);
            }
        }

        for (; j < a.Length; j++)
        {
            double d = a[j] - o[j];
            d = l2 ? d * scale : Math.Clamp(d, -eps, eps);
            a[j] = (float)Math.Clamp(o[j] + d, 0, 1);
        }
    }

    /// <summary>Each lane clamped to [0, 1] (the image box), as Math.Clamp(v, 0, 1) does for a finite value.</summary>
    public static Vector<double> Clip01(Vector<double> v) => Vector.Max(Vector.Min(v, Vector<double>.One), Vector<double>.Zero);
}
