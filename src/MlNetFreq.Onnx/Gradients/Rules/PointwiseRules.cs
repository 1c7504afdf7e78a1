using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Element-wise functions of one tensor, y = f(x), whose gradient is gy · f′(x): the activations and math of current
/// classifiers (MobileNetV3's HardSigmoid/HardSwish, GELU's Erf, LayerNorm's Sqrt/Reciprocal, …). At the kinks the
/// derivative is PyTorch's: HardSigmoid and HardSwish take the inner branch only strictly inside (−3, 3) resp. on
/// [−3, 3] as torch's backward kernels do, Abs has derivative 0 at 0, Elu/Selu take the negative branch at 0.
/// </summary>
internal sealed class PointwiseRules : IVjpRule
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double InvSqrtTwoPi = 0.3989422804014327;
    private const double SqrtTwoOverPi = 0.7978845608028654;

    public IEnumerable<string> OpTypes =>
        ["HardSigmoid", "HardSwish", "Erf", "Sqrt", "Reciprocal", "Exp", "Log", "Abs", "Elu", "Selu", "Softplus", "Mish", "Gelu", "PRelu"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0], y = node.Output[0], gy = gys[0]!;
        if (node.OpType == "PRelu")
        {
            PRelu(node, gy, e);
            return;
        }

        if (!e.IsVariable(x))
        {
            return;
        }

        string g = node.OpType switch
        {
            // y = max(0, min(1, αx + β)): slope α strictly between the two flat parts (read from y, which is exact there).
            "HardSigmoid" => e.Mul(gy, e.Mul(e.ToFloat(e.Emit("And", [e.Emit("Greater", [y, e.Scalar(0)]), e.Emit("Less", [y, e.Scalar(1)])])),
                e.Scalar(node.FloatOr("alpha", 0.2f)))),
            // y = x · HardSigmoid_{1/6, 1/2}(x): 0 below −3, x/3 + 1/2 on [−3, 3], 1 above (torch's hardswish_backward).
            "HardSwish" => e.Mul(gy, e.Where(e.Emit("Less", [x, e.Scalar(-3)]), e.Scalar(0),
                e.Where(e.Emit("Greater", [x, e.Scalar(3)]), e.Scalar(1), e.Add(e.Mul(x, e.Scalar(1f / 3)), e.Scalar(0.5f))))),
            "Erf" => e.Mul(gy, e.Mul(e.Emit("Exp", [e.Neg(e.Mul(x, x))]), e.Scalar((float)TwoOverSqrtPi))),
            "Sqrt" => e.Div(gy, e.Mul(y, e.Scalar(2))),
            "Reciprocal" => e.Neg(e.Mul(gy, e.Mul(y, y))),
            "Exp" => e.Mul(gy, y),
            "Log" => e.Div(gy, x),
            "Abs" => e.Mul(gy, e.Emit("Sign", [x])),
            // For x ≤ 0, y = α(eˣ − 1), so dy/dx = y + α (and γ(y/γ + α) = y + γα for Selu).
            "Elu" => e.Where(e.Emit("Greater", [x, e.Scalar(0)]), gy, e.Mul(gy, e.Add(y, e.Scalar(node.FloatOr("alpha", 1f))))),
            "Selu" => Selu(node, x, y, gy, e),
            "Softplus" => e.Mul(gy, e.Emit("Sigmoid", [x])),
            "Mish" => Mish(x, gy, e),
            "Gelu" => Gelu(node, x, gy, e),
            _ => throw VjpRuleTable.Unhandled(node, e, OpTypes),
        };
        e.Accumulate(x, g);
    }

    private static string Selu(NodeProto node, string x, string y, string gy, BackwardEmitter e)
    {
        float alpha = node.FloatOr("alpha", 1.67326319217681884765625f), gamma = node.FloatOr("gamma", 1.05070102214813232421875f);
        return e.Where(e.Emit("Greater", [x, e.Scalar(0)]), e.Mul(gy, e.Scalar(gamma)), e.Mul(gy, e.Add(y, e.Scalar(gamma * alpha))));
    }

    // y = x·tanh(softplus(x)): dy/dx = t + x·(1 − t²)·σ(x) with t = tanh(softplus(x)).
    private static string Mish(string x, string gy, BackwardEmitter e)
    {
        string t = e.Emit("Tanh", [e.Emit("Softplus", [x])]);
        string d = e.Add(t, e.Mul(e.Mul(x, e.Sub(e.Scalar(1), e.Mul(t, t))), e.Emit("Sigmoid", [x])));
        return e.Mul(gy, d);
    }

    // Exact: Φ(x) + x·φ(x). Tanh form (torch's approximate='tanh'): u = √(2/π)(x + 0.044715x³), t = tanh(u),
    // dy/dx = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).
    private static string Gelu(NodeProto node, string x, string gy, BackwardEmitter e)
    {
        string approximate = node.StringOr("approximate", "none");
        string d;
        if (approximate == "none")
        {
            string cdf = e.Mul(e.Add(e.Emit("Erf", [e.Mul(x, e.Scalar((float)(1 / Math.Sqrt(2))))]), e.Scalar(1)), e.Scalar(0.5f));
            string pdf = e.Mul(e.Emit("Exp", [e.Mul(e.Mul(x, x), e.Scalar(-0.5f))]), e.Scalar((float)InvSqrtTwoPi));
            d = e.Add(cdf, e.Mul(x, pdf));
        }
        else if (approximate == "tanh")
        {
            string x2 = e.Mul(x, x);
            string t = e.Emit("Tanh", [e.Mul(e.Add(x, e.Mul(e.Mul(x2, x), e.Scalar(0.044715f))), e.Scalar((float)SqrtTwoOverPi))]);
            string inner = e.Mul(e.Add(e.Mul(x2, e.Scalar(3 * 0.044715f)), e.Scalar(1)), e.Scalar((float)SqrtTwoOverPi));
            d = e.Mul(e.Add(e.Add(t, e.Scalar(1)), e.Mul(e.Mul(x, e.Sub(e.Scalar(1), e.Mul(t, t))), inner)), e.Scalar(0.5f));
        }
        else
        {
            throw new OnnxFormatException($"Gelu node '{node.Describe()}' (opset {e.Opset}): expected approximate 'none' or 'tanh', found '{approximate}'.");
        }

        return e.Mul(gy, d);
    }

    // y = x where x > 0, else slope·x (slope broadcast to x).
    private static void PRelu(NodeProto node, string gy, BackwardEmitter e)
    {
        string x = node.Input[0], slope = node.Input[1], y = node.Output[0];
        string positive = e.Emit("Greater", [x, e.Scalar(0)]);
        if (e.IsVariable(x))
        {
            e.Accumulate(x, e.Where(positive, gy, e.Mul(gy, slope)));
        }

        if (e.IsVariable(slope))
        {
            e.Accumulate(slope, e.ReduceToShapeOf(e.Where(positive, e.Scalar(0), e.Mul(gy, x)), y, slope));
        }
    }
}
