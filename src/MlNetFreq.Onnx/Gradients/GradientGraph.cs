using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// A model extended with reverse-mode nodes. Extra input <see cref="Seed"/> takes ∂L/∂<see cref="Target"/>; extra
/// output <see cref="InputGradient"/> gives ∂L/∂input. The original outputs are kept; an inner target is added as
/// an output too. <see cref="Model"/> is a plain ONNX model (inspect it in Netron).
/// </summary>
public sealed record GradientGraph(ModelProto Model, string Target, TensorShape TargetShape, string Seed, string InputGradient);
