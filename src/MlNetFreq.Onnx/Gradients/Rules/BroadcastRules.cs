using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Pow (constant or tensor exponent), Max/Min (element-wise, any number of inputs), Where, Expand, Tile: operators
/// that broadcast their inputs, so each gradient is summed back over the broadcast axes.
/// Max/Min split the gradient equally among inputs that tie for the extreme, as PyTorch's maximum/minimum do.
/// Pow's exponent gradient is gy·y·ln(x), taken as 0 where x = 0 (PyTorch's convention).
/// </summary>
internal sealed class BroadcastRules : IVjpRule
{
    // One backward per operator (the table's keys are the operators claimed: none can go unhandled).
    private static readonly Dictionary<string, Action<NodeProto, string, BackwardEmitter>> Handlers = new(StringComparer.Ordinal)
    {
        ["Pow"] = Pow,
        ["Max"] = Extreme,
        ["Min"] = Extreme,
        ["Where"] = Where,
        ["Expand"] = (node, gy, e) => AccumulateReduced(node.Input[0], gy, node.Output[0], e),
        ["Tile"] = Tile,
    };

    public IEnumerable<string> OpTypes => Handlers.Keys;

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e) => VjpRuleTable.For(Handlers, node, e)(node, gys[0]!, e);

    // Input 0 is the boolean condition; inputs 1 and 2 take the gradient where it is true resp. false.
    private static void Where(NodeProto node, string gy, BackwardEmitter e)
    {
        AccumulateReduced(node.Input[1], e.Where(node.Input[0], gy, e.Scalar(0)), node.Output[0], e);
        AccumulateReduced(node.Input[2], e.Where(node.Input[0], e.Scalar(0), gy), node.Output[0], e);
    }

    private static void AccumulateReduced(string x, string gradient, string y, BackwardEmitter e)
    {
        if (e.IsVariable(x))
        {
            e.Accumulate(x, e.ReduceToShapeOf(gradient, y, x));
        }
    }

    private static void Pow(NodeProto node, string gy, BackwardEmitter e)
    {
        string x = node.Input[0], p = node.Input[1], y = node.Output[0];
        string exponent = e.ToFloat(p); // an integer exponent is allowed from opset 12
        if (e.IsVariable(x))
        {
            AccumulateReduced(x, e.Mul(gy, e.Mul(exponent, e.Emit("Pow", [x, e.Sub(exponent, e.Scalar(1))]))), y, e);
        }

        if (e.IsVariable(p))
        {
            string logTerm = e.Where(e.Emit("Equal", [x, e.Scalar(0)]), e.Scalar(0), e.Mul(y, e.Emit("Log", [x])));
            AccumulateReduced(p, e.Mul(gy, logTerm), y, e);
        }
    }

    private static void Extreme(NodeProto node, string gy, BackwardEmitter e)
    {
        string y = node.Output[0];
        var hits = node.Input.Select(x => e.ToFloat(e.Emit("Equal", [x, y]))).ToArray();
        string ties = hits.Length == 1 ? hits[0] : e.Emit("Sum", hits);
        string share = e.Div(gy, ties);
        for (int i = 0; i < node.Input.Count; i++)
        {
            AccumulateReduced(node.Input[i], e.Mul(share, hits[i]), y, e);
        }
    }

    // y = tile(x, r): y viewed as [r₀, d₀, r₁, d₁, …] holds r₀·r₁·… copies of x; the gradient sums the copies.
    private static void Tile(NodeProto node, string gy, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        long[] repeats = e.Forward.ConstantInts(node, 1, "repeats");
        var dims = e.ShapeOf(x).Dims;
        var view = new List<long>();
        var summed = new List<long>();
        for (int i = 0; i < dims.Length; i++)
        {
            if (repeats[i] != 1)
            {
                if (dims[i] == TensorShape.Batch)
                {
                    throw new OnnxFormatException($"Tile node '{node.Describe()}' (opset {e.Opset}): repeating the batch axis is not supported.");
                }

                summed.Add(view.Count);
                view.Add(repeats[i]);
            }

            view.Add(dims[i] == TensorShape.Batch ? -1 : dims[i]);
        }

        if (summed.Count == 0)
        {
            e.Accumulate(x, gy);
            return;
        }

        string blocks = e.Emit("Reshape", [gy, e.ConstInts([.. view])]);
        e.Accumulate(x, e.ReduceSum(blocks, [.. summed], keepDims: false));
    }
}
