using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Operators that only move values: Identity, Dropout (inference), Cast (float → float), Flatten, Reshape, Squeeze, Unsqueeze, Transpose.</summary>
internal sealed class ShapeRules : IVjpRule
{
    // One backward per operator (the table's keys are the operators claimed: none can go unhandled).
    private static readonly Dictionary<string, Func<NodeProto, string, BackwardEmitter, string>> Handlers = new(StringComparer.Ordinal)
    {
        ["Identity"] = (_, gy, _) => gy,
        ["Dropout"] = (_, gy, _) => gy,
        ["Cast"] = Cast,
        ["Transpose"] = (node, gy, e) => e.Emit("Transpose", [gy], Nodes.Ints("perm", Inverse(node.IntsOrNull("perm") ?? Enumerable.Range(0, e.ShapeOf(node.Input[0]).Rank).Reverse().Select(i => (long)i).ToArray()))),
        ["Flatten"] = Reshape,
        ["Reshape"] = Reshape,
        ["Squeeze"] = Reshape,
        ["Unsqueeze"] = Reshape,
    };

    public IEnumerable<string> OpTypes => Handlers.Keys;

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0];
        string? gy = gys[0];
        if (!e.IsVariable(x) || gy is null)
        {
            return;
        }

        e.Accumulate(x, VjpRuleTable.For(Handlers, node, e)(node, gy, e));
    }

    // Flatten, Reshape, Squeeze and Unsqueeze only relabel the axes: the gradient takes the input's shape back.
    private static string Reshape(NodeProto node, string gy, BackwardEmitter e) => e.ReshapeLike(gy, node.Input[0]);

    private static string Cast(NodeProto node, string gy, BackwardEmitter e) => node.IntOr("to", 0) == (long)TensorProto.Types.DataType.Float ? gy
        : throw new OnnxFormatException($"Cast node '{node.Describe()}' (opset {e.Opset}): casts to type {node.IntOr("to", 0)} on the differentiable path are not supported (only to float).");

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
