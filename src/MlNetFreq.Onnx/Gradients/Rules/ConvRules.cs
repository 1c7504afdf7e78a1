using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Conv (groups, dilations, strides, pads, auto_pad) → ConvTranspose with the same weights; BatchNormalization (inference) → a per-channel scale.</summary>
internal sealed class ConvRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Conv", "BatchNormalization"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (node.Input.Skip(1).Any(e.IsVariable))
        {
            throw new OnnxFormatException($"{node.OpType} node '{node.Describe()}' (opset {e.Opset}): its weights depend on the input; only data-input gradients are supported.");
        }

        if (!e.IsVariable(x))
        {
            return;
        }

        e.Accumulate(x, node.OpType == "Conv" ? Conv(node, gys[0]!, e) : BatchNorm(node, gys[0]!, e));
    }

    private static string Conv(NodeProto node, string gy, BackwardEmitter e)
    {
        var w = e.Forward.Constant(node.Input[1]);
        long[] kernel = node.IntsOrNull("kernel_shape") ?? w?.Dims.Skip(2).ToArray()
            ?? throw new OnnxFormatException($"Conv node '{node.Describe()}' (opset {e.Opset}): no kernel_shape attribute and the weight '{node.Input[1]}' is not a constant.");
        var geometry = WindowGeometry.Of(node, kernel, e);
        return e.Emit("ConvTranspose", [gy, node.Input[1]], geometry.TransposeAttributes(node.IntOr("group", 1)));
    }

    private static string BatchNorm(NodeProto node, string gy, BackwardEmitter e)
    {
        if (node.Output.Count > 1 && node.Output.Skip(1).Any(o => o.Length > 0) || node.IntOr("training_mode", 0) != 0)
        {
            throw new OnnxFormatException($"BatchNormalization node '{node.Describe()}' (opset {e.Opset}): only inference mode (one output) is supported.");
        }

        float[] scale = e.Forward.ConstantFloats(node, 1, "scale");
        float[] variance = e.Forward.ConstantFloats(node, 4, "variance");
        float eps = node.FloatOr("epsilon", 1e-5f);
        var k = scale.Select((s, c) => (float)(s / Math.Sqrt(variance[c] + (double)eps))).ToArray();
        int rank = e.ShapeOf(node.Input[0]).Rank;
        var dims = new long[rank - 1];
        dims[0] = k.Length;
        for (int i = 1; i < dims.Length; i++)
        {
            dims[i] = 1;
        }

        return e.Mul(gy, e.ConstFloat(k, dims));
    }
}
