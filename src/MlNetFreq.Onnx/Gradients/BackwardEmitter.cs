using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// What a <see cref="IVjpRule"/> sees and writes: the forward graph (constants, observed shapes), which tensors
/// carry a gradient, and helpers that append backward nodes with fresh names, in the forms the model's opset accepts.
/// </summary>
internal sealed class BackwardEmitter
{
    private readonly GraphProto _graph;
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, List<string>> _contributions = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _variables;
    private readonly IReadOnlyDictionary<string, TensorShape> _shapes;
    private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorShape> _emittedShapes = new(StringComparer.Ordinal);
    private const long DiagonalBlock = 16;
    private int _counter;

    public BackwardEmitter(ModelGraph forward, IReadOnlySet<string> variables, IReadOnlyDictionary<string, TensorShape> shapes, long opset)
    {
        Forward = forward;
        _graph = forward.Model.Graph;
        _variables = variables;
        _shapes = shapes;
        Opset = opset;
        _names = _graph.Node.SelectMany(n => n.Output.Concat(n.Input)).Concat(_graph.Input.Select(i => i.Name))
            .Concat(_graph.Initializer.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
    }

    public ModelGraph Forward { get; }

    /// <summary>Opset of the emitted nodes (the model's, possibly raised to 16 for ScatterElements' reduction).</summary>
    public long Opset { get; }

    public bool IsVariable(string tensor) => tensor.Length > 0 && _variables.Contains(tensor);

    /// <summary>Observed shape of a variable tensor, or the declared shape of a constant.</summary>
    public TensorShape ShapeOf(string tensor) =>
        _shapes.TryGetValue(tensor, out var s) ? s
        : Forward.Constant(tensor) is { } c ? new TensorShape([.. c.Dims])
        : throw new InvalidOperationException($"No observed shape for tensor '{tensor}'.");

    public string Fresh(string hint)
    {
        string name;
        do
        {
            name = $"{hint}_grad{_counter++}";
        }
        while (!_names.Add(name));
        return name;
    }

    /// <summary>Appends a one-output node and returns its output.</summary>
    public string Emit(string op, string[] inputs, params AttributeProto[] attributes) => EmitMany(op, inputs, 1, attributes)[0];

    /// <summary>Appends a node with <paramref name="outputs"/> outputs and returns them.</summary>
    public string[] EmitMany(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => Fresh(op.ToLowerInvariant())).ToArray();
        _emitted.UnionWith(names);
        _graph.Node.Add(Nodes.Make(op, inputs, names, names[0] + "_node", attributes));
        return names;
    }

    public string ConstFloat(float[] values, params long[] dims)
    {
        string name = Fresh("const");
        _graph.Initializer.Add(TensorValues.Float(name, values, dims));
        return name;
    }

    public string Scalar(float value) => ConstFloat([value]);

    public string ConstInts(params long[] values)
    {
        string name = Fresh("ints");
        _graph.Initializer.Add(TensorValues.Int64(name, values, values.Length));
        return name;
    }

    /// <summary>
    /// Shapes of emitted float tensors that are known without running them (gradients have their tensor's shape, masks
    /// their operand's): declared in the graph so that ONNX Runtime can prove two operands of a backward Mul or Sum
    /// equal in shape and keep them in its blocked NCHWc layout (it reorders to plain NCHW otherwise).
    /// </summary>
    public IReadOnlyDictionary<string, TensorShape> EmittedShapes => _emittedShapes;

    /// <summary>Records that the emitted tensor <paramref name="emitted"/> has the shape of <paramref name="like"/>.</summary>
    public string ShapedLike(string emitted, string like)
    {
        if (_emitted.Contains(emitted) && _shapes.TryGetValue(like, out var shape))
        {
            _emittedShapes[emitted] = shape;
        }

        return emitted;
    }

    /// <summary>
    /// Whether <see cref="DiagonalConv"/> is cheap for an [N, C, H, W] tensor: C a multiple of 16 (blocks of 16), or at
    /// most 64 channels (one dense block: at most 64 multiply-adds per value).
    /// </summary>
    public static bool DiagonalConvFits(TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.Rank == 4 && shape.Dims[1] != TensorShape.Batch && (shape.Dims[1] % DiagonalBlock == 0 || shape.Dims[1] <= 64);
    }

    /// <summary>
    /// x·d per channel through a 1×1 Conv whose weights are d on the diagonal, in blocks of 16 channels (groups) when C
    /// is a multiple of 16: 16 multiply-adds per value whatever C, and a multiple of ONNX Runtime's NCHWc block (8 or
    /// 16), so that its output is produced in that blocked layout. Exact: the off-diagonal terms are 0·x = 0.
    /// </summary>
    public string DiagonalConv(string x, long channels, float d)
    {
        long block = channels % DiagonalBlock == 0 ? DiagonalBlock : channels;
        var w = new float[channels * block];
        for (long i = 0; i < channels; i++)
        {
            w[i * block + i % block] = d;
        }

        return ShapedLike(Emit("Conv", [x, ConstFloat(w, channels, block, 1, 1)], Nodes.Ints("kernel_shape", [1, 1]), Nodes.Int("group", channels / block)), x);
    }

    /// <summary>
    /// <paramref name="gradient"/> (shaped like <paramref name="like"/>) passed through an identity <see cref="DiagonalConv"/>
    /// when it is an [N, C, H, W] tensor: the gradient then enters ONNX Runtime's blocked NCHWc layout, so the Mul and Sum
    /// nodes downstream of it stay there (they leave it when any operand comes from an operator without an NCHWc form,
    /// such as Expand or ConvTranspose, and every later reader then needs a reorder).
    /// </summary>
    public string Blocked(string gradient, string like)
    {
        var shape = ShapeOf(like);
        if (!DiagonalConvFits(shape))
        {
            return gradient;
        }

        ShapedLike(gradient, like);
        return DiagonalConv(gradient, shape.Dims[1], 1f);
    }

    public void Accumulate(string tensor, string gradient)
    {
        ShapedLike(gradient, tensor);
        if (!_contributions.TryGetValue(tensor, out var list))
        {
            _contributions[tensor] = list = [];
        }

        list.Add(gradient);
    }

    /// <summary>The summed gradient of <paramref name="tensor"/>, or null when nothing reached it.</summary>
    public string? GradientOf(string tensor)
    {
        if (!_contributions.TryGetValue(tensor, out var list) || list.Count == 0)
        {
            return null;
        }

        if (list.Count > 1)
        {
            string sum = ShapedLike(Emit("Sum", [.. list]), tensor);
            list.Clear();
            list.Add(sum);
        }

        return list[0];
    }

    public string Add(string a, string b) => Emit("Add", [a, b]);

    public string Sub(string a, string b) => Emit("Sub", [a, b]);

    public string Mul(string a, string b) => Emit("Mul", [a, b]);

    public string Div(string a, string b) => Emit("Div", [a, b]);

    public string Neg(string a) => Emit("Neg", [a]);

    public string ToFloat(string a) => Emit("Cast", [a], Nodes.Int("to", (long)TensorProto.Types.DataType.Float));

    public string ShapeTensor(string a) => Emit("Shape", [a]);

    public string ReshapeLike(string value, string like) => Emit("Reshape", [value, ShapeTensor(like)]);

    public string ReduceSum(string x, long[] axes, bool keepDims) => Opset >= 13
        ? Emit("ReduceSum", [x, ConstInts(axes)], Nodes.Int("keepdims", keepDims ? 1 : 0))
        : Emit("ReduceSum", [x], Nodes.Ints("axes", axes), Nodes.Int("keepdims", keepDims ? 1 : 0));

    public string ReduceMean(string x, long[] axes, bool keepDims) => Opset >= 18
        ? Emit("ReduceMean", [x, ConstInts(axes)], Nodes.Int("keepdims", keepDims ? 1 : 0))
        : Emit("ReduceMean", [x], Nodes.Ints("axes", axes), Nodes.Int("keepdims", keepDims ? 1 : 0));

    public string Where(string condition, string whenTrue, string whenFalse) => Emit("Where", [condition, whenTrue, whenFalse]);

    public string Unsqueeze(string x, long[] axes) => Opset >= 13
        ? Emit("Unsqueeze", [x, ConstInts(axes)])
        : Emit("Unsqueeze", [x], Nodes.Ints("axes", axes));

    public string[] Split(string x, long axis, long[] sizes) => Opset >= 13
        ? EmitMany("Split", [x, ConstInts(sizes)], sizes.Length, Nodes.Int("axis", axis))
        : EmitMany("Split", [x], sizes.Length, Nodes.Int("axis", axis), Nodes.Ints("split", sizes));

    public string PadConstant(string x, long[] pads) => Opset >= 11
        ? Emit("Pad", [x, ConstInts(pads)], Nodes.String("mode", "constant"))
        : Emit("Pad", [x], Nodes.String("mode", "constant"), Nodes.Ints("pads", pads));

    public string Slice(string x, long[] starts, long[] ends, long[] axes) => Opset >= 10
        ? Emit("Slice", [x, ConstInts(starts), ConstInts(ends), ConstInts(axes)])
        : Emit("Slice", [x], Nodes.Ints("starts", starts), Nodes.Ints("ends", ends), Nodes.Ints("axes", axes));

    /// <summary>Gemm without a bias (before opset 11 the bias input is required: a broadcast zero).</summary>
    public string Gemm(string a, string b, params AttributeProto[] attributes) =>
        Emit("Gemm", Opset >= 11 ? [a, b] : [a, b, Scalar(0)], attributes);

    public string ZerosLike(string tensor) =>
        Emit("ConstantOfShape", [ShapeTensor(tensor)], Nodes.Tensor("value", TensorValues.Float("zero", [0f], 1)));

    /// <summary>Sums <paramref name="gradient"/> (shaped like <paramref name="output"/>) over the axes broadcasting stretched for <paramref name="input"/>.</summary>
    public string ReduceToShapeOf(string gradient, string output, string input)
    {
        var sx = ShapeOf(input);
        var sy = ShapeOf(output);
        int pad = sy.Rank - sx.Rank;
        var axes = new List<long>();
        for (int i = 0; i < sy.Rank; i++)
        {
            long dx = i < pad ? 1 : sx.Dims[i - pad];
            if (dx == 1 && sy.Dims[i] != 1)
            {
                axes.Add(i);
            }
        }

        string g = axes.Count == 0 ? gradient : ReduceSum(gradient, [.. axes], keepDims: true);
        return pad == 0 ? g : ReshapeLike(g, input);
    }
}
