using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Add, Sub, Mul, Div with numpy broadcasting, Sum, Neg: gradients summed over broadcast axes.</summary>
internal sealed class ElementwiseRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Add", "Sub", "Mul", "Div", "Sum", "Neg"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string gy = gys[0]!;
        string y = node.Output[0];
        for (int i = 0; i < node.Input.Count; i++)
        {
            string x = node.Input[i];
            if (!e.IsVariable(x))
            {
                continue;
            }

            string g = node.OpType switch
            {
                "Add" or "Sum" => gy,
                "Neg" => e.Neg(gy),
                "Sub" => i == 0 ? gy : e.Neg(gy),
                "Mul" => e.Mul(gy, node.Input[1 - i]),
                "Div" => i == 0 ? e.Div(gy, node.Input[1]) : e.Neg(e.Div(e.Mul(gy, y), node.Input[1])), // ∂(a/b)/∂b = −y/b
                _ => throw VjpRuleTable.Unhandled(node, e, OpTypes),
            };
            e.Accumulate(x, e.ReduceToShapeOf(g, y, x));
        }
    }
}
