using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>Concat ↔ Split, Slice (any step) ↔ Pad (constant): each maps the gradient back by the inverse cut or paste.</summary>
internal sealed class SliceRules : IVjpRule
{
    // One backward per operator (the table's keys are the operators claimed: none can go unhandled).
    private static readonly Dictionary<string, Action<NodeProto, string?[], BackwardEmitter>> Handlers = new(StringComparer.Ordinal)
    {
        ["Concat"] = (node, gys, e) => Concat(node, gys[0]!, e),
        ["Split"] = Split,
        ["Slice"] = (node, gys, e) => Slice(node, gys[0]!, e),
        ["Pad"] = (node, gys, e) => Pad(node, gys[0]!, e),
    };

    public IEnumerable<string> OpTypes => Handlers.Keys;

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e) => VjpRuleTable.For(Handlers, node, e)(node, gys, e);

    private static void Concat(NodeProto node, string gy, BackwardEmitter e)
    {
        int rank = e.ShapeOf(node.Output[0]).Rank;
        long axis = node.IntOr("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long[] sizes = node.Input.Select(i => e.ShapeOf(i).Dims[axis]).ToArray();
        if (sizes.Any(s => s == TensorShape.Batch))
        {
            throw new OnnxFormatException($"Concat node '{node.Describe()}' (opset {e.Opset}): concatenation along the batch axis is not supported.");
        }

        string[] parts = e.Split(gy, axis, sizes);
        for (int i = 0; i < node.Input.Count; i++)
        {
            if (e.IsVariable(node.Input[i]))
            {
                e.Accumulate(node.Input[i], parts[i]);
            }
        }
    }

    private static void Split(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        if (!e.IsVariable(node.Input[0]))
        {
            return;
        }

        var pieces = node.Output.Select((o, i) => gys[i] ?? e.ZerosLike(o)).ToArray();
        e.Accumulate(node.Input[0], e.Emit("Concat", pieces, Nodes.Int("axis", node.IntOr("axis", 0))));
    }

    private static void Slice(NodeProto node, string gy, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        var dims = e.ShapeOf(x).Dims;
        long[] starts, ends, axes, steps;
        if (e.Opset >= 10)
        {
            starts = e.Forward.ConstantInts(node, 1, "starts");
            ends = e.Forward.ConstantInts(node, 2, "ends");
            axes = node.Input.Count > 3 && node.Input[3].Length > 0 ? e.Forward.ConstantInts(node, 3, "axes") : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = node.Input.Count > 4 && node.Input[4].Length > 0 ? e.Forward.ConstantInts(node, 4, "steps") : Enumerable.Repeat(1L, starts.Length).ToArray();
        }
        else
        {
            starts = node.IntsOrNull("starts")!;
            ends = node.IntsOrNull("ends")!;
            axes = node.IntsOrNull("axes") ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = Enumerable.Repeat(1L, starts.Length).ToArray();
        }

        // Step-1 axes: the gradient is padded back with zeros. Other steps (strided, reversed) pick positions, whose
        // adjoint is a one-hot scatter along the axis.
        var pads = new long[2 * dims.Length];
        string g = gy;
        for (int i = 0; i < axes.Length; i++)
        {
            int a = (int)(axes[i] < 0 ? axes[i] + dims.Length : axes[i]);
            long dim = dims[a];
            if (dim == TensorShape.Batch)
            {
                if (starts[i] == 0 && ends[i] >= int.MaxValue && steps[i] == 1)
                {
                    continue;
                }

                throw new OnnxFormatException($"Slice node '{node.Describe()}' (opset {e.Opset}): slicing the batch axis is not supported.");
            }

            if (steps[i] == 1)
            {
                long s = Math.Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], 0, dim);
                long t = Math.Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], 0, dim);
                pads[a] = s;
                pads[dims.Length + a] = dim - Math.Max(s, t);
                continue;
            }

            var picked = Picked(starts[i], ends[i], steps[i], dim);
            g = AxisScatter.Apply(g, a, dims.Length, AxisScatter.OneHot(picked, dim), picked.Count, dim, e);
        }

        e.Accumulate(x, pads.Any(p => p != 0) ? e.PadConstant(g, pads) : g);
    }

    // Positions a Slice with a step other than 1 reads, as ONNX defines them (negative values count from the end;
    // starts and ends clamped to [0, dim] for positive steps, to [−1, dim − 1] for negative ones).
    private static List<long> Picked(long start, long end, long step, long dim)
    {
        if (step == 0)
        {
            throw new OnnxFormatException("Slice: a step of 0 is invalid.");
        }

        start = start < 0 ? start + dim : start;
        end = end < 0 ? end + dim : end;
        (start, end) = step > 0 ? (Math.Clamp(start, 0, dim), Math.Clamp(end, 0, dim)) : (Math.Clamp(start, 0, dim - 1), Math.Clamp(end, -1, dim - 1));
        var picked = new List<long>();
        for (long i = start; step > 0 ? i < end : i > end; i += step)
        {
            picked.Add(i);
        }

        return picked;
    }

    private static void Pad(NodeProto node, string gy, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        string mode = node.StringOr("mode", "constant");
        long[] pads = e.Opset >= 11 ? e.Forward.ConstantInts(node, 1, "pads") : node.IntsOrNull("pads")!;
        if (mode != "constant" || pads.Any(p => p < 0) || (e.Opset >= 18 && node.Input.Count > 3 && node.Input[3].Length > 0))
        {
            throw new OnnxFormatException($"Pad node '{node.Describe()}' (opset {e.Opset}): only constant padding of all axes with non-negative pads is supported (found mode '{mode}', pads [{string.Join(",", pads)}]).");
        }

        var dims = e.ShapeOf(x).Dims;
        int r = dims.Length;
        var starts = pads[..r];
        var ends = Enumerable.Range(0, r).Select(i => dims[i] == TensorShape.Batch ? long.MaxValue : pads[i] + dims[i]).ToArray();
        e.Accumulate(x, e.Slice(gy, starts, ends, Enumerable.Range(0, r).Select(i => (long)i).ToArray()));
    }
}
