using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq;

/// <summary>The settings of <c>attack</c>: an optional class that every image is pushed to.</summary>
public sealed record AttackSettings : MethodOptions
{
    /// <summary>The class of a targeted attack on every image, or null for the attack's own objective.</summary>
    [MethodOption("target-class", "Targeted attack: push every image to this class (labels are then ignored for the objective; implies --targeted).")]
    public int? TargetClass { get; init; }
}
