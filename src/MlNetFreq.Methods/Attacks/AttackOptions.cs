using System.Text.Json.Serialization;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq;

/// <summary>
/// Base of every attack's options record: what all attacks share. The concrete record names the method (see
/// <see cref="MethodRegistry"/>); as JSON it reads and writes <c>{"method": "pgd", "eps": 0.1, …}</c>.
/// </summary>
[JsonConverter(typeof(MethodOptionsJsonConverter<AttackOptions>))]
public abstract record AttackOptions : MethodOptions
{
    /// <summary>Seed of every random choice; per sample, so results do not depend on the batch size.</summary>
    [MethodOption("seed", "Seed of every random choice (random starts, SimBA orders); per sample, so results do not depend on the batch size.")]
    public int Seed { get; init; }

    /// <summary>Labels are target classes to reach instead of true classes to leave.</summary>
    [MethodOption("targeted", "Labels are target classes to reach instead of true classes to leave.")]
    public bool Targeted { get; init; }

    /// <summary>The attack with these options on <paramref name="model"/>.</summary>
    public abstract Attack Create(ModelSession model);

    /// <summary>
    /// Throws (naming the option) unless these options are valid on their own and, given a model, against it (its image
    /// size, its classes): what every surface checks before an attack runs.
    /// </summary>
    public void CheckAgainst(ModelSession? model)
    {
        Validate();
        if (model is not null)
        {
            Create(model).CheckModel();
        }
    }

    /// <summary>
    /// Whether the attack differentiates the model (a white-box attack); false for the score-based ones (SimBA,
    /// Square), which need forward passes only. Gradient attacks get the reference's sanity checks in a gate.
    /// </summary>
    public virtual bool UsesGradients => true;

    /// <summary>
    /// Whether the budget ε is an L2 radius (false: L∞, or no budget). A ball that holds every image of the [0, 1] box
    /// cannot be meant: L∞ ε ≥ 1 here, L2 ε ≥ √(C·H·W) (the box's diameter) in <see cref="Attack.CheckModel"/>.
    /// </summary>
    public virtual bool L2Budget => false;

    /// <summary>The budget ε, or null for attacks without one (CW minimises the distance; SimBA's ε is a step).</summary>
    public virtual double? BudgetRadius => null;

    /// <summary>
    /// A problem unless the budget ε (<see cref="BudgetRadius"/>) is finite and &gt; 0 (a zero budget would report clean
    /// accuracy as robust) and, for L∞, below 1 (every image in [0, 1] lies inside a larger ball, so the attack may
    /// output any image). None for attacks without a budget.
    /// </summary>
    protected IEnumerable<(string, string)> Budget() => BudgetRadius is not { } eps ? []
        : Positive(eps, "eps", "a zero budget leaves every image as it is, so robust accuracy would be clean accuracy")
            .Concat(!L2Budget && eps >= 1 && !double.IsInfinity(eps)
                ? [("eps", $"expected an L∞ budget below 1 on [0, 1] pixels, found {MethodOption.Format(eps)}: every image lies inside that ball (8/255 ≈ 0.031 is the usual CIFAR-10 budget).")]
                : []);
}
