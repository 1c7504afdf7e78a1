using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Graph;

/// <summary>
/// Read-only index over a model's graph: constants (initializers, Constant nodes and Identity nodes over constants),
/// the tensors that exist, and the default-domain opset. Built once per builder run.
/// </summary>
public sealed class ModelGraph
{
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="model"/> (not copied; do not change it while the index is in use).</summary>
    public ModelGraph(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Opset = OnnxModelFile.DefaultOpset(model);
        foreach (var t in model.Graph.Initializer)
        {
            _constants[t.Name] = t;
        }

        foreach (var node in model.Graph.Node)
        {
            foreach (string o in node.Output.Where(o => o.Length > 0))
            {
                _producers[o] = node;
            }

            // Constant nodes, and Identity nodes over constants (exporters use them to share one initializer).
            var value = node.OpType switch
            {
                "Constant" => node.Attribute("value")?.T,
                "Identity" => _constants.GetValueOrDefault(node.Input[0]),
                _ => null,
            };
            if (value is not null)
            {
                var copy = value.Clone();
                copy.Name = node.Output[0];
                _constants[node.Output[0]] = copy;
            }
        }
    }

    /// <summary>The model.</summary>
    public ModelProto Model { get; }

    /// <summary>Version of the default operator set.</summary>
    public long Opset { get; }

    /// <summary>Graph inputs that are not initializers (the data inputs).</summary>
    public IReadOnlyList<ValueInfoProto> DataInputs =>
        Model.Graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToArray();

    /// <summary>The constant tensor called <paramref name="name"/>, or null.</summary>
    public TensorProto? Constant(string name) => _constants.GetValueOrDefault(name);

    /// <summary>True when some node produces or the graph declares a tensor of this name.</summary>
    public bool Exists(string name) => _producers.ContainsKey(name) || _constants.ContainsKey(name) || Model.Graph.Input.Any(i => i.Name == name);

    /// <summary>Int64 values of a constant input of <paramref name="node"/>, or an error naming the node.</summary>
    public long[] ConstantInts(NodeProto node, int inputIndex, string what) => TensorValues.ToInt64(ConstantInput(node, inputIndex, what));

    /// <summary>Float values of a constant input of <paramref name="node"/>, or an error naming the node.</summary>
    public float[] ConstantFloats(NodeProto node, int inputIndex, string what) => TensorValues.ToFloat(ConstantInput(node, inputIndex, what));

    private TensorProto ConstantInput(NodeProto node, int inputIndex, string what)
    {
        ArgumentNullException.ThrowIfNull(node);
        string name = node.Input[inputIndex];
        return Constant(name) ?? throw new OnnxFormatException(
            $"{node.OpType} node '{node.Describe()}' (opset {Opset}): its {what} input '{name}' must be a constant (an initializer or a Constant node) for the gradient builder.");
    }
}
