using MlNetFreq.Onnx.Graph;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// The adjoint of picking positions along one axis (Gather with constant indices, a strided or reversed Slice):
/// g[..., k, ...] is added to position idx_k, written as g · E along that axis with the one-hot E[k, d] = [idx_k = d].
/// </summary>
internal static class AxisScatter
{
    /// <summary>One-hot matrix [indices.Length, size] of <paramref name="indices"/> (already in [0, size)).</summary>
    public static float[] OneHot(IReadOnlyList<long> indices, long size)
    {
        var onehot = new float[indices.Count * size];
        for (int k = 0; k < indices.Count; k++)
        {
            onehot[k * size + indices[k]] = 1;
        }

        return onehot;
    }

    /// <summary>Maps <paramref name="g"/>, whose <paramref name="axis"/> has <paramref name="picked"/> entries, to one of <paramref name="size"/>.</summary>
    public static string Apply(string g, int axis, int rank, float[] onehot, long picked, long size, BackwardEmitter e)
    {
        bool last = axis == rank - 1;
        var toLast = Enumerable.Range(0, rank).Where(i => i != axis).Append(axis).Select(i => (long)i).ToArray();
        if (!last)
        {
            g = e.Emit("Transpose", [g], Nodes.Ints("perm", toLast));
        }

        g = e.Emit("MatMul", [g, e.ConstFloat(onehot, picked, size)]);
        if (last)
        {
            return g;
        }

        var back = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            back[toLast[i]] = i;
        }

        return e.Emit("Transpose", [g], Nodes.Ints("perm", back));
    }
}
