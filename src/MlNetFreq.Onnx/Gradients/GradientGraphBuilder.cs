using MlNetFreq.Onnx.Gradients.Rules;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// Builds the differentiable graph of a model: the forward graph plus reverse-mode (vector–Jacobian product) nodes
/// from a target tensor back to the image input. Only nodes on the path from the input to the target are
/// differentiated; weights are constants; shape sub-graphs (Shape, Gather, Concat of shapes…) stay as they are and
/// feed the backward nodes. Tensor shapes come from running the model (<see cref="ShapeProbe"/>).
/// </summary>
public static class GradientGraphBuilder
{
    private static readonly Dictionary<string, IVjpRule> Rules = new IVjpRule[]
    {
        new ElementwiseRules(), new ActivationRules(), new LinearRules(), new ConvRules(), new PoolRules(),
        new ShapeRules(), new SliceRules(), new ReduceRules(), new PointwiseRules(), new BroadcastRules(), new GatherRules(),
        new NormalizationRules(), new ResizeRules(), new EinsumRules(),
    }.SelectMany(r => r.OpTypes.Select(op => (op, r))).ToDictionary(p => p.op, p => p.r, StringComparer.Ordinal);

    // Outputs of these never carry a gradient, whatever their inputs.
    private static readonly HashSet<string> NonDifferentiable = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "ArgMax", "ArgMin", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or",
        "NonZero", "ConstantOfShape", "Range", "EyeLike", "RandomNormalLike", "RandomUniformLike",
    };

    /// <summary>Operators the builder differentiates.</summary>
    public static IReadOnlyCollection<string> SupportedOperators => Rules.Keys;

    /// <summary>
    /// The operators on the differentiable path from the image input to <paramref name="target"/> (null: the logits),
    /// with how many nodes use each and whether the builder has a rule for it. Reads the graph only; runs nothing.
    /// </summary>
    public static IReadOnlyList<PathOperator> PathOperators(PreparedModel prepared, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var graph = prepared.Model.Graph;
        var variables = ForwardReach(graph, prepared.InputName);
        return PathNodes(graph, variables, target ?? prepared.OutputName)
            .GroupBy(n => n.OpType, StringComparer.Ordinal)
            .Select(g => new PathOperator(g.Key, g.Count(), Rules.ContainsKey(g.Key)))
            .OrderBy(o => o.Supported).ThenBy(o => o.OpType, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Extends <paramref name="prepared"/> with the gradient of <paramref name="target"/> (null: the logits output)
    /// with respect to the image input.
    /// </summary>
    /// <param name="prepared">The model.</param>
    /// <param name="target">Tensor to differentiate; null means the logits.</param>
    /// <param name="source">Names the model in messages.</param>
    /// <param name="seed">
    /// <see cref="SeedKind.Input"/>: the seed ∂L/∂target is an input. <see cref="SeedKind.CrossEntropyLabels"/>: the graph
    /// takes int64 labels [N] instead and computes the cross-entropy seed softmax(z) − onehot(y) itself, so one run
    /// gives logits and gradient (target must be the logits). <see cref="SeedKind.RepresentationTarget"/>: the graph takes
    /// target values t of the target's shape and seeds with g − t (the gradient of ½‖g − t‖₂²).
    /// </param>
    public static GradientGraph Build(PreparedModel prepared, string? target, string source, SeedKind seed = SeedKind.Input)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var model = prepared.Model.Clone();
        long opset = RaiseOpsetIfNeeded(model);
        var graph = new ModelGraph(model);
        string input = prepared.InputName;
        target ??= prepared.OutputName;
        if (!graph.Exists(target))
        {
            throw new OnnxFormatException($"{source}: expected a tensor called '{target}' to differentiate, found none (outputs: {string.Join(", ", model.Graph.Output.Select(o => o.Name))}).");
        }

        var variables = ForwardReach(model.Graph, input);
        var path = PathNodes(model.Graph, variables, target);
        if (!variables.Contains(target))
        {
            throw new OnnxFormatException($"{source}: the tensor '{target}' does not depend on the input '{input}'.");
        }

        foreach (var node in path.Where(n => !Rules.ContainsKey(n.OpType)))
        {
            throw new OnnxFormatException(
                $"{source}: operator '{node.OpType}' (node '{node.Describe()}', opset {opset}) is on the differentiable path from '{input}' to '{target}' but has no gradient rule. "
                + $"Supported: {string.Join(", ", SupportedOperators.Order(StringComparer.Ordinal))}.");
        }

        var probed = path.SelectMany(n => n.Input.Concat(n.Output)).Where(t => variables.Contains(t)).Append(input).Append(target)
            .Distinct(StringComparer.Ordinal).ToArray();
        // Computed non-variable inputs of the path (pads, slice starts, axes… from exporters' shape arithmetic).
        var computed = path.SelectMany(n => n.Input).Where(t => t.Length > 0 && !variables.Contains(t) && graph.Constant(t) is null)
            .Distinct(StringComparer.Ordinal).ToArray();
        var probe = ShapeProbe.Run(prepared with { Model = model }, probed, computed, source);
        if (probe.Constants.Count > 0)
        {
            FoldConstants(model, path, probe.Constants);
            graph = new ModelGraph(model);
        }

        var shapes = probe.Shapes;
        var emitter = new BackwardEmitter(graph, variables, shapes, opset);

        var targetShape = shapes[target];
        string seedInput = emitter.Fresh(seed switch { SeedKind.Input => target + "_seed", SeedKind.RepresentationTarget => target + "_target", SeedKind.DlrPairs => "label_pairs", _ => "labels" });
        emitter.Accumulate(target, seed switch
        {
            SeedKind.Input => seedInput,
            SeedKind.RepresentationTarget => emitter.Emit("Sub", [target, seedInput]),
            SeedKind.DlrPairs => DlrSeed(emitter, target, targetShape, seedInput, source),
            _ => CrossEntropySeed(emitter, target, targetShape, seedInput, source),
        });
        foreach (var node in Enumerable.Reverse(path))
        {
            var gys = node.Output.Select(o => o.Length == 0 ? null : emitter.GradientOf(o)).ToArray();
            if (gys.All(g => g is null))
            {
                continue;
            }

            Rules[node.OpType].Apply(node, gys, emitter);
        }

        string inputGradient = emitter.Fresh(input);
        model.Graph.Node.Add(Nodes.Make("Identity", [emitter.GradientOf(input)!], [inputGradient], inputGradient + "_node"));
        model.Graph.Input.Add(seed switch
        {
            SeedKind.CrossEntropyLabels => LabelsValue(seedInput),
            SeedKind.DlrPairs => LabelsValue(seedInput, 2),
            _ => FloatValue(seedInput, targetShape),
        });
        model.Graph.Output.Add(FloatValue(inputGradient, shapes[input]));
        if (model.Graph.Output.All(o => o.Name != target))
        {
            model.Graph.Output.Add(FloatValue(target, targetShape));
        }

        model.Graph.ValueInfo.Clear();
        // Backward tensors' shapes, with the input's own batch dimension, so that ONNX Runtime can match operand shapes.
        var batch = model.Graph.Input.First(i => i.Name == input).Type.TensorType.Shape.Dim[0];
        foreach (var (name, shape) in emitter.EmittedShapes)
        {
            model.Graph.ValueInfo.Add(FloatValue(name, shape, batch));
        }

        return new GradientGraph(model, target, targetShape, seedInput, inputGradient);
    }

    private static string CrossEntropySeed(BackwardEmitter e, string logits, TensorShape shape, string labels, string source)
    {
        if (shape.Rank != 2 || shape.Dims[1] == TensorShape.Batch)
        {
            throw new OnnxFormatException($"{source}: a cross-entropy seed needs logits of shape [N, K], found '{logits}' {shape}.");
        }

        string probabilities = e.Emit("Softmax", [logits], Nodes.Int("axis", 1));
        string onehot = e.Emit("OneHot", [labels, e.ConstInts(shape.Dims[1]), e.ConstFloat([0f, 1f], 2)], Nodes.Int("axis", -1));
        return e.Emit("Sub", [probabilities, onehot]);
    }

    // Path nodes read folded values from new initializers; the shape sub-graph that computed them is left in place
    // (ONNX Runtime prunes what nothing reads any more).
    private static void FoldConstants(ModelProto model, List<NodeProto> path, IReadOnlyDictionary<string, TensorProto> constants)
    {
        var taken = model.Graph.Node.SelectMany(n => n.Output.Concat(n.Input)).Concat(model.Graph.Initializer.Select(i => i.Name))
            .Concat(model.Graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in constants)
        {
            string folded = name + "_folded";
            for (int i = 2; !taken.Add(folded); i++)
            {
                folded = $"{name}_folded{i}";
            }

            var tensor = value.Clone();
            tensor.Name = folded;
            model.Graph.Initializer.Add(tensor);
            renamed[name] = folded;
        }

        foreach (var node in path)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (renamed.TryGetValue(node.Input[i], out string? folded))
                {
                    node.Input[i] = folded;
                }
            }
        }
    }

    // ∂L/∂z of L = −(z_y − z_a) / D with a = t (targeted) or argmax_{k≠y} z_k, D = z_π1 − w·z_π3 − (1 − w)·z_π4 + 1e−12
    // (π: classes by decreasing logit; w = 1 untargeted, ½ targeted): (e_a − e_y)/D + (z_y − z_a)/D² · (e_π1 − w·e_π3 − (1 − w)·e_π4).
    private static string DlrSeed(BackwardEmitter e, string logits, TensorShape shape, string pairs, string source)
    {
        if (shape.Rank != 2 || shape.Dims[1] == TensorShape.Batch || shape.Dims[1] < 3)
        {
            throw new OnnxFormatException($"{source}: a DLR seed needs logits of shape [N, K] with K ≥ 3, found '{logits}' {shape}.");
        }

        long k = shape.Dims[1];
        string OneHot(string indices) => e.Emit("OneHot", [indices, e.ConstInts(k), e.ConstFloat([0f, 1f], 2)], Nodes.Int("axis", -1));
        string Column(string x, long i) => e.Slice(x, [i], [i + 1], [1]);
        string Flat(string x) => e.Emit("Reshape", [x, e.ConstInts(-1)]);
        string Picked(string onehot) => e.ReduceSum(e.Mul(logits, onehot), [1], keepDims: true);

        string y = Flat(Column(pairs, 0)), t = Flat(Column(pairs, 1));
        string oy = OneHot(y);
        string bestOther = e.Emit("ArgMax", [e.Sub(logits, e.Mul(oy, e.Scalar(1e30f)))], Nodes.Int("axis", 1), Nodes.Int("keepdims", 0));
        string targeted = e.Emit("Not", [e.Emit("Less", [t, e.ConstInts(0)])]);
        string oa = OneHot(e.Where(targeted, t, bestOther));
        long top = Math.Min(k, 4);
        string[] sorted = e.Opset >= 10
            ? e.EmitMany("TopK", [logits, e.ConstInts(top)], 2, Nodes.Int("axis", 1))
            : e.EmitMany("TopK", [logits], 2, Nodes.Int("axis", 1), Nodes.Int("k", top));
        // w as a column: 1 untargeted, ½ targeted; a 3-class model has no π4 (its targeted pairs are refused before the run).
        string w = e.Sub(e.Scalar(1f), e.Mul(e.Scalar(0.5f), e.ToFloat(e.Unsqueeze(targeted, [1]))));
        string wBar = e.Sub(e.Scalar(1f), w);
        string denominator = e.Sub(Column(sorted[0], 0), e.Mul(w, Column(sorted[0], 2)));
        string tail = e.Mul(w, OneHot(Flat(Column(sorted[1], 2))));
        if (top == 4)
        {
            denominator = e.Sub(denominator, e.Mul(wBar, Column(sorted[0], 3)));
            tail = e.Add(tail, e.Mul(wBar, OneHot(Flat(Column(sorted[1], 3)))));
        }

        denominator = e.Add(denominator, e.Scalar(1e-12f));
        string numerator = e.Sub(Picked(oy), Picked(oa));
        string first = e.Div(e.Sub(oa, oy), denominator);
        string second = e.Mul(e.Div(numerator, e.Mul(denominator, denominator)), e.Sub(OneHot(Flat(Column(sorted[1], 0))), tail));
        return e.Add(first, second);
    }

    private static ValueInfoProto LabelsValue(string name, long columns = 0)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Int64, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        if (columns > 0)
        {
            tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static HashSet<string> ForwardReach(GraphProto graph, string input)
    {
        var variables = new HashSet<string>(StringComparer.Ordinal) { input };
        foreach (var node in graph.Node)
        {
            if (NonDifferentiable.Contains(node.OpType) || !node.Input.Any(variables.Contains))
            {
                continue;
            }

            // MaxPool's second output (argmax indices) is integer-valued.
            foreach (string o in node.OpType == "MaxPool" ? node.Output.Take(1) : node.Output)
            {
                if (o.Length > 0)
                {
                    variables.Add(o);
                }
            }
        }

        return variables;
    }

    private static List<NodeProto> PathNodes(GraphProto graph, HashSet<string> variables, string target)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal) { target };
        var path = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (NonDifferentiable.Contains(node.OpType) || !node.Output.Any(needed.Contains) || !node.Input.Any(variables.Contains))
            {
                continue;
            }

            path.Add(node);
            foreach (string i in node.Input.Where(variables.Contains))
            {
                needed.Add(i);
            }
        }

        path.Reverse();
        return path;
    }

    // ScatterElements gained its reduction attribute in opset 16; from 13 on, no operator this builder touches changed
    // meaning up to 16, so raising the import is safe there.
    private static long RaiseOpsetIfNeeded(ModelProto model)
    {
        long opset = OnnxModelFile.DefaultOpset(model);
        bool hasMaxPool = model.Graph.Node.Any(n => n.OpType == "MaxPool");
        if (hasMaxPool && opset is >= 13 and < 16)
        {
            foreach (var o in model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx"))
            {
                o.Version = 16;
            }

            if (model.IrVersion < 8)
            {
                model.IrVersion = 8;
            }

            return 16;
        }

        return opset;
    }

    private static ValueInfoProto FloatValue(string name, TensorShape shape, TensorShapeProto.Types.Dimension? batch = null)
    {
        batch ??= new TensorShapeProto.Types.Dimension { DimParam = "N" };
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (long d in shape.Dims)
        {
            tensor.Shape.Dim.Add(d == TensorShape.Batch ? batch.Clone() : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
