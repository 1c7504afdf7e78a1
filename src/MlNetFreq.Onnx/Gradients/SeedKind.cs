namespace MlNetFreq.Onnx.Gradients;

/// <summary>Where the gradient graph gets its seed ∂L/∂target.</summary>
public enum SeedKind
{
    /// <summary>An input of the graph: any loss computed in C# (two runs: logits first, then the gradient).</summary>
    Input,

    /// <summary>Computed in the graph from int64 labels: the cross-entropy seed softmax(z) − onehot(y), in one run.</summary>
    CrossEntropyLabels,
}
