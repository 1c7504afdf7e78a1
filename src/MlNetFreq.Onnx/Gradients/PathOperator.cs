namespace MlNetFreq.Onnx.Gradients;

/// <summary>An operator on a model's differentiable path: how many nodes use it and whether it has a gradient rule.</summary>
public sealed record PathOperator(string OpType, int Nodes, bool Supported);
