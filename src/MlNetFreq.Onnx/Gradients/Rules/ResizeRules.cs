using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Resize (opset 10 on) and Upsample (old exports) in nearest or linear mode over the last one or two axes. Both are
/// linear maps applied per axis, y = A_H · x · A_Wᵀ with A from <see cref="ResampleMatrix"/>, so the gradient is
/// A_Hᵀ · gy · A_W: two MatMuls with constant matrices (the shapes are known from the probe). Upsample and Resize-10 use
/// asymmetric coordinates with floor rounding; Resize-11+ its coordinate_transformation_mode and nearest_mode.
/// </summary>
internal sealed class ResizeRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Resize", "Upsample"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string x = node.Input[0];
        if (!e.IsVariable(x))
        {
            return;
        }

        var sx = e.ShapeOf(x).Dims;
        var sy = e.ShapeOf(node.Output[0]).Dims;
        string where = $"{node.OpType} node '{node.Describe()}' (opset {e.Opset})";
        string mode = node.StringOr("mode", "nearest");
        bool linear = mode switch
        {
            "nearest" => false,
            "linear" or "bilinear" => true,
            _ => throw new OnnxFormatException($"{where}: mode '{mode}' has no gradient rule; supported: nearest, linear."),
        };
        bool legacy = node.OpType == "Upsample" || e.Opset < 11;
        string coordinates = legacy ? "asymmetric" : node.StringOr("coordinate_transformation_mode", "half_pixel");
        string nearest = legacy ? "floor" : node.StringOr("nearest_mode", "round_prefer_floor");
        if (!ResampleMatrix.CoordinateModes.Contains(coordinates) || !ResampleMatrix.NearestModes.Contains(nearest))
        {
            throw new OnnxFormatException($"{where}: coordinate_transformation_mode '{coordinates}' with nearest_mode '{nearest}' has no gradient rule; supported: {string.Join(", ", ResampleMatrix.CoordinateModes)} with {string.Join(", ", ResampleMatrix.NearestModes)}.");
        }

        if (node.IntOr("antialias", 0) != 0 || node.Attribute("axes") is not null || node.StringOr("keep_aspect_ratio_policy", "stretch") != "stretch")
        {
            throw new OnnxFormatException($"{where}: antialias, axes and keep_aspect_ratio_policy other than 'stretch' have no gradient rule.");
        }

        double[] scales = Scales(node, sx, sy, e);
        string g = gys[0]!;
        for (int axis = 0; axis < sx.Length; axis++)
        {
            bool resized = sx[axis] != sy[axis] || scales[axis] != 1;
            if (axis < sx.Length - 2)
            {
                // Leading axes (batch, channels) must keep their length; the last two are checked through their matrices.
                if (resized)
                {
                    throw new OnnxFormatException($"{where}: it resizes axis {axis} ({sx[axis]} → {sy[axis]}); only the last two axes are supported.");
                }

                continue;
            }

            int inLength = (int)sx[axis], outLength = (int)sy[axis];
            float[] a = ResampleMatrix.Build(linear, coordinates, nearest, scales[axis], inLength, outLength);
            if (ResampleMatrix.IsIdentity(a, inLength, outLength))
            {
                continue;
            }

            // Last axis: gx = gy · A ([…, out] · [out, in]); second-to-last: gx = Aᵀ · gy ([in, out] · […, out, W]).
            g = axis == sx.Length - 1
                ? e.Emit("MatMul", [g, e.ConstFloat(a, outLength, inLength)])
                : e.Emit("MatMul", [e.ConstFloat(Transpose(a, outLength, inLength), inLength, outLength), g]);
        }

        e.Accumulate(x, g);
    }

    // The scale per axis as the operator uses it in the coordinate mapping: the scales input or attribute, else out/in.
    private static double[] Scales(NodeProto node, long[] sx, long[] sy, BackwardEmitter e)
    {
        float[]? given = null;
        if (node.OpType == "Upsample" && e.Opset < 9)
        {
            given = node.Attribute("scales")?.Floats.ToArray();
        }
        else
        {
            int index = node.OpType == "Upsample" || e.Opset < 11 ? 1 : 2;
            if (node.Input.Count > index && node.Input[index].Length > 0 && e.Forward.Constant(node.Input[index]) is { } t && t.Dims.Aggregate(1L, (p, d) => p * d) > 0)
            {
                given = TensorValues.ToFloat(t);
            }
        }

        return Enumerable.Range(0, sx.Length).Select(i => given is not null ? given[i] : sy[i] == sx[i] ? 1.0 : (double)sy[i] / sx[i]).ToArray();
    }

    private static float[] Transpose(float[] a, int rows, int cols)
    {
        var t = new float[a.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[c * rows + r] = a[r * cols + c];
            }
        }

        return t;
    }
}
