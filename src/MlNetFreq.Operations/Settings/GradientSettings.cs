using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq;

/// <summary>The settings of <c>gradient</c>: which loss, or which inner tensor, is differentiated.</summary>
public sealed record GradientSettings : MethodOptions
{
    /// <summary>The loss on the logits.</summary>
    [MethodOption("loss", "Loss: cross-entropy (Σᵢ cross-entropy(f(xᵢ), yᵢ)) or margin (Σᵢ Z_y − max_{k≠y} Z_k on the logits, as Carlini–Wagner).")]
    public GradientLoss Loss { get; init; } = GradientLoss.CrossEntropy;

    /// <summary>An inner tensor whose ½‖g(x)‖² is differentiated instead of the loss, or null.</summary>
    [MethodOption("node", "Differentiate the squared L2 norm ½‖g(x)‖² of this inner tensor (e.g. a representation) instead of a loss on the logits.")]
    public string? Node { get; init; }
}

/// <summary>A loss on the logits whose input gradient <c>gradient</c> computes.</summary>
public enum GradientLoss
{
    /// <summary>Cross-entropy of the softmax against the label.</summary>
    [OptionAlias("ce")]
    CrossEntropy,

    /// <summary>The Carlini–Wagner margin Z_y − max_{k≠y} Z_k.</summary>
    Margin,
}
