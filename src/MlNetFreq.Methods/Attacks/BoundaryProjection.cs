namespace MlNetFreq.Methods.Attacks;

/// <summary>
/// FAB's projection of a point p onto a hyperplane {z : w·z = b} inside the image box: the δ of smallest norm with
/// w·(p + δ) = b and 0 ≤ p + δ ≤ 1. With c = b − w·p (signs flipped so that c ≥ 0) and room_i the distance from p_i to
/// the box side that w_i points to, the minimiser is δ_i = sign(w_i)·min(λ, room_i) for L∞ and
/// δ_i = sign(w_i)·min(λ·|w_i|, room_i) for L2, with the smallest λ ≥ 0 whose δ reaches the plane — a piecewise-linear
/// equation solved exactly after sorting the breakpoints. When the box does not let any δ reach the plane, δ moves every
/// coordinate to its box side (the box point closest to the plane along w). Coordinates with w_i = 0 do not move.
/// </summary>
public static class BoundaryProjection
{
    /// <summary>Writes the minimal δ for <paramref name="point"/> into <paramref name="delta"/>.</summary>
    public static void Project(ReadOnlySpan<float> point, ReadOnlySpan<float> w, double b, bool l2, Span<float> delta)
    {
        int n = point.Length;
        double c = b;
        for (int i = 0; i < n; i++)
        {
            c -= (double)w[i] * point[i];
        }

        double sign = c < 0 ? -1 : 1;
        c *= sign;
        // Per coordinate: |w_i|, room_i along sign·w_i, and the λ at which it reaches its box side.
        // Pooled scratch: FAB projects twice per sample and iteration.
        double[] breakpoints = System.Buffers.ArrayPool<double>.Shared.Rent(n), weight = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        double[] room = System.Buffers.ArrayPool<double>.Shared.Rent(n), keys = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        int[] order = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        int used = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = sign * w[i];
            delta[i] = 0;
            if (wi == 0)
            {
                continue;
            }

            weight[i] = Math.Abs(wi);
            room[i] = wi > 0 ? 1 - point[i] : point[i];
            keys[used] = l2 ? room[i] / weight[i] : room[i];
            breakpoints[i] = keys[used];
            order[used++] = i;
        }

        // Sorting primitive keys with their items is several times faster than a comparison delegate.
        Array.Sort(keys, order, 0, used);
        var active = order.AsSpan(0, used);
        // g(λ) = Σ_{reached} |w_i|·room_i + λ·Σ_{not reached} slope_i, slope_i = |w_i| (L∞) or w_i² (L2).
        double slope = 0;
        foreach (int i in active)
        {
            slope += l2 ? weight[i] * weight[i] : weight[i];
        }

        double reached = 0, lambda = double.PositiveInfinity;
        foreach (int i in active)
        {
            double atBreakpoint = reached + breakpoints[i] * slope;
            if (atBreakpoint >= c)
            {
                lambda = slope > 0 ? (c - reached) / slope : breakpoints[i];
                break;
            }

            reached += weight[i] * room[i];
            slope -= l2 ? weight[i] * weight[i] : weight[i];
        }

        foreach (int i in active)
        {
            double move = Math.Min(l2 ? lambda * weight[i] : lambda, room[i]);
            delta[i] = (float)(Math.Sign(sign * w[i]) * move);
        }

        foreach (var pooled in new[] { breakpoints, weight, room, keys })
        {
            System.Buffers.ArrayPool<double>.Shared.Return(pooled);
        }

        System.Buffers.ArrayPool<int>.Shared.Return(order);
    }
}
