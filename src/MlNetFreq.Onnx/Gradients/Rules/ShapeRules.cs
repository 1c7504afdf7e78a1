using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Operators that only move values: Identity, Dropout (inference), Cast (float → float), Flatten, Reshape, Squeeze, Unsqueeze, Transpose.</summary>
internal sealed class ShapeRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Identity", "Dropout", "Cast", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0];
        string? gy = gys[0];
        if (!e.IsVariable(x) || gy is null)
        {
            return;
        }

        string g = node.OpType switch
        {
            "Identity" or "Dropout" => gy,
            "Cast" => node.IntOr("to", 0) == (long)TensorProto.Types.DataType.Float ? gy
                : throw new OnnxFormatException($"Cast node '{node.Describe()}' (opset {e.Opset}): casts to type {node.IntOr("to", 0)} on the differentiable path are not supported (only to float)."),
            "Transpose" => e.Emit("Transpose", [gy], Nodes.Ints("perm", Inverse(node.IntsOrNull("perm") ?? Enumerable.Range(0, e.ShapeOf(x).Rank).Reverse().Select(i => (long)i).ToArray()))),
            _ => e.ReshapeLike(gy, x),
        };
        e.Accumulate(x, g);
    }

    private static long[] Inverse(long[] perm)
    {
        var inverse = new long[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return inverse;
    }
}
