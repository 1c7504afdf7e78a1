using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Kernel, strides, dilations and explicit pads of a Conv or pooling node over its observed spatial sizes, and the
/// ConvTranspose settings that map an output-sized gradient back onto the input's size.
/// </summary>
internal sealed record WindowGeometry(long[] Kernel, long[] Strides, long[] Dilations, long[] PadsBegin, long[] PadsEnd, long[] InputSize, long[] OutputSize)
{
    public int Rank => Kernel.Length;

    public static WindowGeometry Of(NodeProto node, long[] kernel, BackwardEmitter e)
    {
        var sx = e.ShapeOf(node.Input[0]);
        var sy = e.ShapeOf(node.Output[0]);
        int r = kernel.Length;
        long[] input = sx.Dims[2..], output = sy.Dims[2..];
        if (input.Length != r || output.Length != r)
        {
            throw new OnnxFormatException($"{node.OpType} node '{node.Describe()}': expected {r} spatial axes, found input {sx} and output {sy}.");
        }

        long[] strides = node.IntsOrNull("strides") ?? Enumerable.Repeat(1L, r).ToArray();
        long[] dilations = node.IntsOrNull("dilations") ?? Enumerable.Repeat(1L, r).ToArray();
        long[] pads = node.IntsOrNull("pads") ?? new long[2 * r];
        string autoPad = node.StringOr("auto_pad", "NOTSET");
        var begin = pads[..r];
        var end = pads[r..];
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            for (int i = 0; i < r; i++)
            {
                long total = Math.Max(0, (output[i] - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - input[i]);
                long small = total / 2;
                (begin[i], end[i]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
            }
        }
        else if (autoPad == "VALID")
        {
            begin = new long[r];
            end = new long[r];
        }

        return new WindowGeometry(kernel, strides, dilations, begin, end, input, output);
    }

    /// <summary>
    /// ConvTranspose attributes whose output has the input's spatial size: same strides and dilations; pads as the
    /// forward node, with the end pad grown where a ceil-mode window ran past the padded input (so output_padding ≥ 0).
    /// </summary>
    public AttributeProto[] TransposeAttributes(long group)
    {
        var endPads = (long[])PadsEnd.Clone();
        var outputPadding = new long[Rank];
        for (int i = 0; i < Rank; i++)
        {
            long produced = (OutputSize[i] - 1) * Strides[i] - PadsBegin[i] - endPads[i] + Dilations[i] * (Kernel[i] - 1) + 1;
            long diff = InputSize[i] - produced;
            if (diff < 0)
            {
                endPads[i] -= diff;
                diff = 0;
            }

            outputPadding[i] = diff;
        }

        return
        [
            Nodes.Ints("kernel_shape", Kernel), Nodes.Ints("strides", Strides), Nodes.Ints("dilations", Dilations),
            Nodes.Ints("pads", PadsBegin.Concat(endPads)), Nodes.Ints("output_padding", outputPadding), Nodes.Int("group", group),
        ];
    }
}
