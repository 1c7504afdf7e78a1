namespace MlNetFreq.Onnx.Gradients;

/// <summary>Where the gradient graph gets its seed ∂L/∂target.</summary>
public enum SeedKind
{
    /// <summary>An input of the graph: any loss computed in C# (two runs: logits first, then the gradient).</summary>
    Input,

    /// <summary>Computed in the graph from int64 labels: the cross-entropy seed softmax(z) − onehot(y), in one run.</summary>
    CrossEntropyLabels,

    /// <summary>
    /// Computed in the graph from target values t (float, the target tensor's shape): the seed g − t, i.e. the gradient
    /// of ½‖g − t‖₂² per image (representation matching), in one run.
    /// </summary>
    RepresentationTarget,

    /// <summary>
    /// Computed in the graph from int64 pairs [N, 2] (label y, target t or −1): the seed of the DLR loss (Croce &amp; Hein
    /// 2020), untargeted where t = −1, targeted elsewhere (see <see cref="Losses.LossSeeds.Dlr"/>), in one run.
    /// </summary>
    DlrPairs,
}
