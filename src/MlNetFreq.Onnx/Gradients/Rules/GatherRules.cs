using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Gather with constant indices (a class token, a fixed channel pick): y = data gathered along an axis. Its adjoint
/// scatters gy back, summing repeated indices; it is written as a product with the one-hot matrix E[k, d] = [idx_k = d]
/// along that axis, which any opset's MatMul runs (no ScatterND with reduction, which needs opset 16).
/// </summary>
internal sealed class GatherRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Gather"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string data = node.Input[0];
        if (!e.IsVariable(data))
        {
            return;
        }

        var dims = e.ShapeOf(data).Dims;
        int rank = dims.Length;
        long axis = node.IntOr("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long size = dims[axis];
        if (size == TensorShape.Batch)
        {
            throw new OnnxFormatException($"Gather node '{node.Describe()}' (opset {e.Opset}): gathering along the batch axis is not supported.");
        }

        long[] indices = e.Forward.ConstantInts(node, 1, "indices");
        var onehot = new float[indices.Length * size];
        for (int k = 0; k < indices.Length; k++)
        {
            long d = indices[k] < 0 ? indices[k] + size : indices[k];
            if (d < 0 || d >= size)
            {
                throw new OnnxFormatException($"Gather node '{node.Describe()}' (opset {e.Opset}): index {indices[k]} is outside the axis of length {size}.");
            }

            onehot[k * size + d] = 1;
        }

        // gy: data.dims[:axis] + indices.dims + data.dims[axis+1:] → [..., K, ...] (leading dims copied by Reshape's 0).
        var view = Enumerable.Range(0, rank).Select(i => i < axis ? 0L : i == axis ? indices.Length : dims[i] == TensorShape.Batch ? -1 : dims[i]).ToArray();
        string g = e.Emit("Reshape", [gys[0]!, e.ConstInts(view)]);
        var toLast = Enumerable.Range(0, rank).Where(i => i != axis).Append((int)axis).Select(i => (long)i).ToArray();
        bool last = axis == rank - 1;
        if (!last)
        {
            g = e.Emit("Transpose", [g], Nodes.Ints("perm", toLast));
        }

        g = e.Emit("MatMul", [g, e.ConstFloat(onehot, indices.Length, size)]);
        if (!last)
        {
            var back = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                back[toLast[i]] = i;
            }

            g = e.Emit("Transpose", [g], Nodes.Ints("perm", back));
        }

        e.Accumulate(data, g);
    }
}
