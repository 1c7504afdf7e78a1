using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// How a rule family dispatches: a table from operator to its backward, whose keys are the operators the family claims
/// (<see cref="IVjpRule.OpTypes"/>), so an operator mapped to a family always has its own backward — there is no
/// default branch that would give a new operator another operator's gradient.
/// </summary>
internal static class VjpRuleTable
{
    /// <summary>The backward of <paramref name="node"/>'s operator, or an error naming the node (never a neighbour's rule).</summary>
    public static T For<T>(IReadOnlyDictionary<string, T> handlers, NodeProto node, BackwardEmitter e) =>
        handlers.TryGetValue(node.OpType, out var handler) ? handler : throw Unhandled(node, e, handlers.Keys);

    /// <summary>The error of an operator a family was handed but has no backward for (a switch's last arm).</summary>
    public static OnnxFormatException Unhandled(NodeProto node, BackwardEmitter e, IEnumerable<string> handled) =>
        new($"{node.OpType} node '{node.Describe()}' (opset {e.Opset}): this rule family has no backward for {node.OpType}; the operators it differentiates are {string.Join(", ", handled)}.");
}
