using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Normalisations that compute their statistics from the input itself: LayerNormalization (opset 17), InstanceNormalization
/// (also what PyTorch 1.13 exports GroupNorm as, between two Reshapes) and GroupNormalization (opset 18: scale per group;
/// opset 21: per channel). With x̂ = (x − μ)·r over the normalised axes, r = 1/√(σ² + ε), n values per group:
/// ∂L/∂x = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) where ĝ = ∂L/∂x̂ = gy·scale. The statistics are recomputed in the backward part.
/// </summary>
internal sealed class NormalizationRules : IVjpRule
{
    // One backward per operator (the table's keys are the operators claimed: none can go unhandled).
    private static readonly Dictionary<string, Action<Normalized, BackwardEmitter>> Handlers = new(StringComparer.Ordinal)
    {
        ["LayerNormalization"] = LayerNorm,
        ["InstanceNormalization"] = InstanceNorm,
        ["GroupNormalization"] = (n, e) => GroupNorm(n.Node, n.X, n.Gy, n.Scale, n.Eps, n.Rank, e),
    };

    public IEnumerable<string> OpTypes => Handlers.Keys;

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        if (gys.Skip(1).Any(g => g is not null))
        {
            throw new OnnxFormatException($"{node.OpType} node '{node.Describe()}' (opset {e.Opset}): its mean or inverse-deviation outputs feed the differentiable path; only the normalised output is supported.");
        }

        string x = node.Input[0], y = node.Output[0], gy = gys[0]!, scale = node.Input[1];
        float eps = node.FloatOr("epsilon", 1e-5f);
        int rank = e.ShapeOf(x).Rank;
        VjpRuleTable.For(Handlers, node, e)(new Normalized(node, x, y, gy, scale, eps, rank), e);
    }

    // The operands every normalisation's backward reads.
    private sealed record Normalized(NodeProto Node, string X, string Y, string Gy, string Scale, float Eps, int Rank);

    private static void LayerNorm(Normalized n, BackwardEmitter e)
    {
        var (node, x, y, gy, scale, eps, rank) = n;
        long axis = node.IntOr("axis", -1);
        axis = axis < 0 ? axis + rank : axis;
        var axes = Range(axis, rank);
        var (gx, xhat) = Backward(x, e.Mul(gy, scale), axes, eps, e);
        Accumulate(node, x, gx, e);
        if (e.IsVariable(scale))
        {
            e.Accumulate(scale, e.ReduceToShapeOf(e.Mul(gy, xhat), y, scale));
        }

        if (node.Input.Count > 2 && e.IsVariable(node.Input[2]))
        {
            e.Accumulate(node.Input[2], e.ReduceToShapeOf(gy, y, node.Input[2]));
        }
    }

    private static void InstanceNorm(Normalized n, BackwardEmitter e)
    {
        RefuseVariableAffine(n.Node, e);
        string perChannel = e.Unsqueeze(n.Scale, Range(1, n.Rank - 1));
        Accumulate(n.Node, n.X, Backward(n.X, e.Mul(n.Gy, perChannel), Range(2, n.Rank), n.Eps, e).Gx, e);
    }

    private static void GroupNorm(NodeProto node, string x, string gy, string scale, float eps, int rank, BackwardEmitter e)
    {
        RefuseVariableAffine(node, e);
        long groups = node.Attribute("num_groups")?.I
            ?? throw new OnnxFormatException($"GroupNormalization node '{node.Describe()}' (opset {e.Opset}): the num_groups attribute is missing.");
        string grouped = e.ConstInts(0, groups, -1); // [N, G, C/G · spatial]
        string gxhat = e.Opset >= 21
            ? e.Emit("Reshape", [e.Mul(gy, e.Unsqueeze(scale, Range(1, rank - 1))), grouped])
            : e.Mul(e.Emit("Reshape", [gy, grouped]), e.Unsqueeze(scale, [1]));
        var (gx, _) = Backward(e.Emit("Reshape", [x, grouped]), gxhat, [2], eps, e);
        Accumulate(node, x, e.ReshapeLike(gx, x), e);
    }

    private static (string Gx, string Xhat) Backward(string x, string gxhat, long[] axes, float eps, BackwardEmitter e)
    {
        string d = e.Sub(x, e.ReduceMean(x, axes, keepDims: true));
        string r = e.Emit("Reciprocal", [e.Emit("Sqrt", [e.Add(e.ReduceMean(e.Mul(d, d), axes, keepDims: true), e.Scalar(eps))])]);
        string xhat = e.Mul(d, r);
        string centred = e.Sub(gxhat, e.ReduceMean(gxhat, axes, keepDims: true));
        string gx = e.Mul(r, e.Sub(centred, e.Mul(xhat, e.ReduceMean(e.Mul(gxhat, xhat), axes, keepDims: true))));
        return (gx, xhat);
    }

    private static void Accumulate(NodeProto node, string x, string gx, BackwardEmitter e)
    {
        if (e.IsVariable(x))
        {
            e.Accumulate(x, gx);
        }
    }

    private static void RefuseVariableAffine(NodeProto node, BackwardEmitter e)
    {
        if (node.Input.Skip(1).Any(e.IsVariable))
        {
            throw new OnnxFormatException($"{node.OpType} node '{node.Describe()}' (opset {e.Opset}): its scale or bias depends on the input; only data-input gradients are supported.");
        }
    }

    private static long[] Range(long from, long to) => Enumerable.Range((int)from, (int)(to - from)).Select(i => (long)i).ToArray();
}
