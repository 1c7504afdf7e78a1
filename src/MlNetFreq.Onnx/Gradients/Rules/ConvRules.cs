using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Conv (groups, dilations, strides, pads, auto_pad) → a Conv with flipped weights (stride 1), a phase-split Conv and
/// DepthToSpace (<see cref="PolyphaseConvAdjoint"/>: strided, one group), else ConvTranspose with the same weights; ConvTranspose (explicit or
/// VALID pads, output_padding) → Conv with the same weights, strides, dilations and pads (its adjoint: no flip, since
/// ConvTranspose's weight [Cin, Cout/g, k…] read as a Conv weight maps Cout channels back to Cin); BatchNormalization
/// (inference) → a per-channel scale.
/// </summary>
internal sealed class ConvRules : IVjpRule
{
    // One backward per operator; the operators this family claims are this table's keys, so none can go unhandled.
    private static readonly Dictionary<string, Func<NodeProto, string, BackwardEmitter, string>> Handlers = new(StringComparer.Ordinal)
    {
        ["Conv"] = Conv, ["ConvTranspose"] = ConvTranspose, ["BatchNormalization"] = BatchNorm,
    };

    public IEnumerable<string> OpTypes => Handlers.Keys;

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

        e.Accumulate(x, VjpRuleTable.For(Handlers, node, e)(node, gys[0]!, e));
    }

    private static string ConvTranspose(NodeProto node, string gy, BackwardEmitter e)
    {
        string autoPad = node.StringOr("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID") || node.Attribute("output_shape") is not null)
        {
            throw new OnnxFormatException($"ConvTranspose node '{node.Describe()}' (opset {e.Opset}): auto_pad '{autoPad}' or an output_shape attribute has no gradient rule; give explicit pads (as PyTorch exports).");
        }

        int spatial = e.ShapeOf(node.Input[0]).Rank - 2;
        long[] kernel = node.IntsOrNull("kernel_shape") ?? e.Forward.Constant(node.Input[1])?.Dims.Skip(2).ToArray()
            ?? throw new OnnxFormatException($"ConvTranspose node '{node.Describe()}' (opset {e.Opset}): no kernel_shape attribute and the weight '{node.Input[1]}' is not a constant.");
        long[] pads = autoPad == "VALID" ? new long[2 * spatial] : node.IntsOrNull("pads") ?? new long[2 * spatial];
        return e.Emit("Conv", [gy, node.Input[1]], Nodes.Ints("kernel_shape", kernel),
            Nodes.Ints("strides", node.IntsOrNull("strides") ?? Enumerable.Repeat(1L, spatial).ToArray()),
            Nodes.Ints("dilations", node.IntsOrNull("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray()),
            Nodes.Ints("pads", pads), Nodes.Int("group", node.IntOr("group", 1)));
    }

    private static string Conv(NodeProto node, string gy, BackwardEmitter e)
    {
        var w = e.Forward.Constant(node.Input[1]);
        long[] kernel = node.IntsOrNull("kernel_shape") ?? w?.Dims.Skip(2).ToArray()
            ?? throw new OnnxFormatException($"Conv node '{node.Describe()}' (opset {e.Opset}): no kernel_shape attribute and the weight '{node.Input[1]}' is not a constant.");
        var geometry = WindowGeometry.Of(node, kernel, e);
        long group = node.IntOr("group", 1);
        if (w is not null && geometry.Strides.All(s => s == 1))
        {
            // Stride 1: the transposed convolution is a plain convolution with the kernel flipped and its channel
            // axes swapped, padded by d·(k−1) − p; ONNX Runtime's Conv is much faster than its ConvTranspose.
            string flipped = e.ConstFloat(FlipAndSwap(TensorValues.ToFloat(w), [.. w.Dims], group), SwappedDims(w.Dims, group));
            var pads = Enumerable.Range(0, geometry.Rank).Select(i => geometry.Dilations[i] * (kernel[i] - 1) - geometry.PadsBegin[i])
                .Concat(Enumerable.Range(0, geometry.Rank).Select(i => geometry.Dilations[i] * (kernel[i] - 1) - geometry.PadsEnd[i])).ToArray();
            if (pads.All(p => p >= 0))
            {
                return e.Emit("Conv", [gy, flipped], Nodes.Ints("kernel_shape", kernel), Nodes.Ints("dilations", geometry.Dilations),
                    Nodes.Ints("pads", pads), Nodes.Int("group", group));
            }
        }

        return (w is null ? null : PolyphaseConvAdjoint.TryEmit(gy, w, geometry, group, e))
            ?? e.Blocked(e.Emit("ConvTranspose", [gy, node.Input[1]], geometry.TransposeAttributes(group)), node.Input[0]);
    }

    // W [Co, Ci/g, k…] → W' [Ci, Co/g, k…] with W'[g·Ci/g + ci, co, κ] = W[g·Co/g + co, ci, K−1−κ] (spatially reversed).
    private static float[] FlipAndSwap(float[] w, long[] dims, long group)
    {
        long co = dims[0], ciPerGroup = dims[1], coPerGroup = co / group;
        long spatial = dims.Skip(2).Aggregate(1L, (a, b) => a * b);
        var result = new float[w.Length];
        for (long o = 0; o < co; o++)
        {
            long g = o / coPerGroup, oInGroup = o % coPerGroup;
            for (long i = 0; i < ciPerGroup; i++)
            {
                long src = (o * ciPerGroup + i) * spatial;
                long dst = ((g * ciPerGroup + i) * coPerGroup + oInGroup) * spatial;
                for (long k = 0; k < spatial; k++)
                {
                    result[dst + k] = w[src + spatial - 1 - k];
                }
            }
        }

        return result;
    }

    private static long[] SwappedDims(IList<long> dims, long group) =>
        [dims[1] * group, dims[0] / group, .. dims.Skip(2)];

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
