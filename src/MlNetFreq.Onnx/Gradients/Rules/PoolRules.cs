using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// MaxPool (scatter-add of gy at the argmax indices, so overlapping windows sum), AveragePool (ConvTranspose with a
/// ones kernel after dividing by each window's element count), GlobalAveragePool, GlobalMaxPool (ties all get gy).
/// </summary>
internal sealed class PoolRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        string gy = gys[0]!;
        string g = node.OpType switch
        {
            "MaxPool" => MaxPool(node, gy, e),
            "AveragePool" => AveragePool(node, gy, e),
            "GlobalAveragePool" => e.Blocked(e.Emit("Expand", [e.Div(gy, e.Scalar(e.ShapeOf(x).Dims[2..].Aggregate(1L, (a, b) => a * b))), e.ShapeTensor(x)]), x),
            "GlobalMaxPool" => e.Mul(e.Emit("Expand", [gy, e.ShapeTensor(x)]), e.ToFloat(e.Emit("Not", [e.Emit("Less", [x, node.Output[0]])]))),
            _ => throw VjpRuleTable.Unhandled(node, e, OpTypes),
        };
        e.Accumulate(x, g);
    }

    private static string MaxPool(NodeProto node, string gy, BackwardEmitter e)
    {
        if (node.IntOr("storage_order", 0) != 0)
        {
            throw new OnnxFormatException($"MaxPool node '{node.Describe()}' (opset {e.Opset}): storage_order 1 (column-major indices) is not supported.");
        }

        if (e.Opset < 16)
        {
            throw new OnnxFormatException($"MaxPool node '{node.Describe()}': its gradient needs ScatterElements with reduction (opset 16); the model's opset {e.Opset} could not be raised.");
        }

        // The forward node also yields the argmax of every window, as indices into the flattened N·C·H·W input.
        if (node.Output.Count < 2 || node.Output[1].Length == 0)
        {
            string indices = e.Fresh(node.Output[0] + "_argmax");
            while (node.Output.Count < 2)
            {
                node.Output.Add("");
            }

            node.Output[1] = indices;
        }

        string x = node.Input[0];
        string flat = e.ConstInts(-1);
        string zeros = e.Emit("ConstantOfShape", [e.Emit("Reshape", [e.Emit("Size", [x]), e.ConstInts(1)])],
            Nodes.Tensor("value", TensorValues.Float("zero", [0f], 1)));
        string scattered = e.Emit("ScatterElements", [zeros, e.Emit("Reshape", [node.Output[1], flat]), e.Emit("Reshape", [gy, flat])],
            Nodes.Int("axis", 0), Nodes.String("reduction", "add"));
        return e.ReshapeLike(scattered, x);
    }

    private static string AveragePool(NodeProto node, string gy, BackwardEmitter e)
    {
        long[] kernel = node.IntsOrNull("kernel_shape")!;
        var geometry = WindowGeometry.Of(node, kernel, e);
        if (geometry.Rank != 2)
        {
            throw new OnnxFormatException($"AveragePool node '{node.Describe()}' (opset {e.Opset}): only 2-D pooling is supported, found {geometry.Rank}-D.");
        }

        bool includePad = node.IntOr("count_include_pad", 0) != 0;
        long oh = geometry.OutputSize[0], ow = geometry.OutputSize[1];
        var inverseCount = new float[oh * ow];
        for (long i = 0; i < oh; i++)
        {
            long ch = Count(i, 0, geometry, includePad);
            for (long j = 0; j < ow; j++)
            {
                inverseCount[i * ow + j] = 1f / (ch * Count(j, 1, geometry, includePad));
            }
        }

        long channels = e.ShapeOf(node.Input[0]).Dims[1];
        var ones = Enumerable.Repeat(1f, (int)(channels * kernel[0] * kernel[1])).ToArray();
        string weights = e.ConstFloat(ones, channels, 1, kernel[0], kernel[1]);
        string scaled = e.Mul(gy, e.ConstFloat(inverseCount, 1, 1, oh, ow));
        return e.Emit("ConvTranspose", [scaled, weights], geometry.TransposeAttributes(group: channels));
    }

    // Elements a window counts along one axis: within the padded input with count_include_pad, else within the input.
    private static long Count(long outIndex, int axis, WindowGeometry g, bool includePad)
    {
        long start = outIndex * g.Strides[axis] - g.PadsBegin[axis];
        long end = start + g.Kernel[axis];
        return includePad
            ? Math.Min(end, g.InputSize[axis] + g.PadsEnd[axis]) - start
            : Math.Min(end, g.InputSize[axis]) - Math.Max(start, 0);
    }
}
