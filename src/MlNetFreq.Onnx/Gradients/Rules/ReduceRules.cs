using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>ReduceSum and ReduceMean: the gradient is expanded back over the reduced axes (divided by their count for the mean).</summary>
internal sealed class ReduceRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["ReduceSum", "ReduceMean"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0], y = node.Output[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        int rank = e.ShapeOf(x).Rank;
        bool axesAsInput = node.OpType == "ReduceSum" ? e.Opset >= 13 : e.Opset >= 18;
        long[]? axes = axesAsInput
            ? (node.Input.Count > 1 && node.Input[1].Length > 0 ? e.Forward.ConstantInts(node, 1, "axes") : null)
            : node.IntsOrNull("axes");
        if (axes is null || axes.Length == 0)
        {
            if (node.IntOr("noop_with_empty_axes", 0) != 0)
            {
                e.Accumulate(x, gys[0]!);
                return;
            }

            axes = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        }

        axes = axes.Select(a => a < 0 ? a + rank : a).Order().ToArray();
        string g = node.IntOr("keepdims", 1) != 0 ? gys[0]! : e.Unsqueeze(gys[0]!, axes);
        g = e.Emit("Expand", [g, e.ShapeTensor(x)]);
        if (node.OpType == "ReduceMean")
        {
            string count = e.Div(e.ToFloat(e.Emit("Size", [x])), e.ToFloat(e.Emit("Size", [y])));
            g = e.Div(g, count);
        }

        e.Accumulate(x, g);
    }
}
