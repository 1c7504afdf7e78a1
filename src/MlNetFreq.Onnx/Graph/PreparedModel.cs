using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Graph;

/// <summary>
/// Our working copy of a user's model: one image input <c>[N, C, H, W]</c> taking [0, 1] pixels (any normalisation
/// prepended), a logits output, and a symbolic batch dimension when the export fixed it and the graph allows more.
/// </summary>
public sealed record PreparedModel(
    ModelProto Model,
    string InputName,
    string OutputName,
    int Channels,
    int Height,
    int Width,
    bool DynamicBatch,
    int FixedBatchSize)
{
    /// <summary>Values per image.</summary>
    public int ImageLength => Channels * Height * Width;
}
