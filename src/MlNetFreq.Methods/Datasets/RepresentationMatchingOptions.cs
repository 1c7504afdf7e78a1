using MlNetFreq.Methods.Datasets;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq;

/// <summary>
/// The settings of representation matching (<see cref="RepresentationMatching"/>; Ilyas et al. 2019): which tensor is
/// matched, how far and in how many steps z moves, and the seed of the starting images. Its defaults are the only ones.
/// </summary>
public sealed record RepresentationMatchingOptions : MethodOptions
{
    /// <summary>The tensor g whose values are matched, or null for the input of the last Gemm/MatMul.</summary>
    [MethodOption("node", "Tensor g whose values are matched (default: the input of the last Gemm/MatMul, the classifier's features).")]
    public string? Node { get; init; }

    /// <summary>Descent steps.</summary>
    [MethodOption("steps", "Normalised-gradient steps per image.")]
    public int Steps { get; init; } = 100;

    /// <summary>L2 length of each step.</summary>
    [MethodOption("step-size", "L2 length of each step.")]
    public double StepSize { get; init; } = 0.1;

    /// <summary>Radius of the L2 ball around the start that z stays in; null for none.</summary>
    [MethodOption("l2-bound", "Keep every image within this L2 distance of its starting image.")]
    public double? L2Bound { get; init; }

    /// <summary>Divide the distance by ‖g(x)‖₂.</summary>
    [MethodOption("normalize-distance", "Minimise ‖g(z) − g(x)‖₂ / ‖g(x)‖₂ instead of ‖g(z) − g(x)‖₂.")]
    public bool NormalizeDistance { get; init; }

    /// <summary>Seed of the starting images.</summary>
    [MethodOption("seed", "Seed of the starting images.")]
    public int Seed { get; init; }

    /// <summary>The matching these settings describe, on <paramref name="model"/>.</summary>
    public RepresentationMatching Create(ModelSession model) => new(model, Node)
    {
        Steps = Steps, StepSize = StepSize, L2Bound = L2Bound, Normalize = NormalizeDistance, Seed = Seed,
    };

    /// <summary>
    /// A negative step count (0 gives the seeded starting images themselves), a step size that is not finite and &gt; 0
    /// (the images never move), an L2 bound that is not finite and &gt; 0 (none at all is <c>null</c>).
    /// </summary>
    protected override IEnumerable<(string Option, string Problem)> Problems()
    {
        if (Steps < 0)
        {
            yield return ("steps", $"expected 0 (the starting images themselves) or more, found {Steps}.");
        }

        if (!(StepSize > 0) || double.IsInfinity(StepSize))
        {
            yield return ("step-size", $"expected a finite value > 0, found {MethodOption.Format(StepSize)}" + (StepSize == 0 ? ": a zero step never moves the images." : "."));
        }

        if (L2Bound is { } bound && (!(bound > 0) || double.IsInfinity(bound)))
        {
            yield return ("l2-bound", $"expected a finite value > 0 (leave it out for no bound), found {MethodOption.Format(bound)}" + (bound == 0 ? ": every image would stay its starting image." : "."));
        }
    }
}
