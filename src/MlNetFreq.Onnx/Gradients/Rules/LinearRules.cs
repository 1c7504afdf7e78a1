using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Gemm (alpha, beta, transA, transB) and MatMul (rank ≥ 2, broadcasting batch axes).</summary>
internal sealed class LinearRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Gemm", "MatMul"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        if (node.OpType == "Gemm")
        {
            Gemm(node, gys[0]!, e);
        }
        else
        {
            MatMul(node, gys[0]!, e);
        }
    }

    private static void Gemm(NodeProto node, string gy, BackwardEmitter e)
    {
        string a = node.Input[0], b = node.Input[1];
        float alpha = node.FloatOr("alpha", 1f), beta = node.FloatOr("beta", 1f);
        bool transA = node.IntOr("transA", 0) != 0, transB = node.IntOr("transB", 0) != 0;
        if (e.IsVariable(a))
        {
            // ∂L/∂op(A) = α·gy·op(B)ᵀ
            string gOpA = e.Gemm(gy, b, Nodes.Float("alpha", alpha), Nodes.Int("transB", transB ? 0 : 1));
            e.Accumulate(a, transA ? e.Emit("Transpose", [gOpA]) : gOpA);
        }

        if (e.IsVariable(b))
        {
            // ∂L/∂op(B) = α·op(A)ᵀ·gy
            string gOpB = e.Gemm(a, gy, Nodes.Float("alpha", alpha), Nodes.Int("transA", transA ? 0 : 1));
            e.Accumulate(b, transB ? e.Emit("Transpose", [gOpB]) : gOpB);
        }

        if (node.Input.Count > 2 && e.IsVariable(node.Input[2]))
        {
            string gc = beta == 1f ? gy : e.Mul(gy, e.Scalar(beta));
            e.Accumulate(node.Input[2], e.ReduceToShapeOf(gc, node.Output[0], node.Input[2]));
        }
    }

    private static void MatMul(NodeProto node, string gy, BackwardEmitter e)
    {
        string a = node.Input[0], b = node.Input[1], y = node.Output[0];
        int ra = e.ShapeOf(a).Rank, rb = e.ShapeOf(b).Rank;
        if (ra < 2 || rb < 2)
        {
            throw new OnnxFormatException($"MatMul node '{node.Describe()}' (opset {e.Opset}): the gradient builder supports inputs of rank ≥ 2, found ranks {ra} and {rb}.");
        }

        if (e.IsVariable(a))
        {
            e.Accumulate(a, e.ReduceToShapeOf(e.Emit("MatMul", [gy, SwapLast(b, rb, e)]), y, a));
        }

        if (e.IsVariable(b))
        {
            e.Accumulate(b, e.ReduceToShapeOf(e.Emit("MatMul", [SwapLast(a, ra, e), gy]), y, b));
        }
    }

    private static string SwapLast(string t, int rank, BackwardEmitter e)
    {
        var perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[rank - 1], perm[rank - 2]) = (perm[rank - 2], perm[rank - 1]);
        return e.Emit("Transpose", [t], Nodes.Ints("perm", perm));
    }
}
