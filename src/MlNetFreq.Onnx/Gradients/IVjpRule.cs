using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// Reverse-mode rule of one or more operators: given the gradients of a node's outputs (null where none arrived),
/// emits nodes computing the gradients of its variable inputs and accumulates them.
/// </summary>
internal interface IVjpRule
{
    IEnumerable<string> OpTypes { get; }

    void Apply(NodeProto node, string?[] outputGradients, BackwardEmitter e);
}
