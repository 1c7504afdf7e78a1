using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Gather with constant indices (a class token, a fixed channel pick): y = data gathered along an axis. Its adjoint
/// scatters gy back, summing repeated indices; it is written as a product with the one-hot matrix E[k, d] = [idx_k = d]
/// along that axis (<see cref="AxisScatter"/>), which any opset's MatMul runs (no ScatterND with reduction, which needs opset 16).
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
        var positions = indices.Select(i => i < 0 ? i + size : i).ToArray();
        if (positions.Any(d => d < 0 || d >= size))
        {
            throw new OnnxFormatException($"Gather node '{node.Describe()}' (opset {e.Opset}): indices [{string.Join(",", indices)}] reach outside the axis of length {size}.");
        }

        // gy: data.dims[:axis] + indices.dims + data.dims[axis+1:] → [..., K, ...] (leading dims copied by Reshape's 0).
        var view = Enumerable.Range(0, rank).Select(i => i < axis ? 0L : i == axis ? indices.Length : dims[i] == TensorShape.Batch ? -1 : dims[i]).ToArray();
        string g = e.Emit("Reshape", [gys[0]!, e.ConstInts(view)]);
        g = AxisScatter.Apply(g, (int)axis, rank, AxisScatter.OneHot(positions, size), indices.Length, size, e);
        e.Accumulate(data, g);
    }
}
