using Google.Protobuf;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Graph;

/// <summary>Short constructors for nodes and attributes.</summary>
public static class Nodes
{
    /// <summary>A node of the default domain.</summary>
    public static NodeProto Make(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string name, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An ints attribute.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A tensor attribute.</summary>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public static AttributeProto? Attribute(this NodeProto node, string name) =>
        node?.Attribute.FirstOrDefault(a => a.Name == name);

    /// <summary>An int attribute's value, or <paramref name="fallback"/>.</summary>
    public static long IntOr(this NodeProto node, string name, long fallback) => node.Attribute(name)?.I ?? fallback;

    /// <summary>A float attribute's value, or <paramref name="fallback"/>.</summary>
    public static float FloatOr(this NodeProto node, string name, float fallback) => node.Attribute(name)?.F ?? fallback;

    /// <summary>An ints attribute's values, or null.</summary>
    public static long[]? IntsOrNull(this NodeProto node, string name) => node.Attribute(name)?.Ints.ToArray();

    /// <summary>A string attribute's value, or <paramref name="fallback"/>.</summary>
    public static string StringOr(this NodeProto node, string name, string fallback) => node.Attribute(name)?.S.ToStringUtf8() ?? fallback;

    /// <summary>The node's name for messages: its name, or its op and first output.</summary>
    public static string Describe(this NodeProto node) =>
        string.IsNullOrEmpty(node?.Name) ? $"{node?.OpType} → {node?.Output.FirstOrDefault()}" : node.Name;
}
