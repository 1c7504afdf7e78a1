using MlNetFreq.Methods.Attacks;

namespace MlNetFreq.Methods.Validation;

/// <summary>What a check measures.</summary>
public enum CheckKind
{
    /// <summary>Top-1 accuracy on the clean images (with a Wilson 95 % interval).</summary>
    CleanAccuracy,

    /// <summary>Accuracy on the adversarial images of <see cref="ValidationCheck.Attack"/> (with a Wilson 95 % interval).</summary>
    RobustAccuracy,

    /// <summary>High-frequency reliance index of the mean Occluded Frequency profile (share of positive mass in the upper half of the bands).</summary>
    HighFrequencyReliance,

    /// <summary>Median SimBA-DCT queries to fool the model (higher is more robust).</summary>
    SimBAMedianQueries,
}

/// <summary>
/// One gate: a measurement and its bounds. Accuracies pass unless their 95 % interval lies entirely beyond the bound
/// (so noise alone does not fail a model); other measurements compare their value.
/// </summary>
public sealed record ValidationCheck
{
    /// <summary>Name in reports and messages.</summary>
    public string Name { get; init; } = "";

    /// <summary>The measurement.</summary>
    public CheckKind Kind { get; init; }

    /// <summary>Lower bound, or null.</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound, or null.</summary>
    public double? Max { get; init; }

    /// <summary>
    /// The attack of <see cref="CheckKind.RobustAccuracy"/> (default: <see cref="PgdOptions"/>), or the SimBA options of
    /// <see cref="CheckKind.SimBAMedianQueries"/> (default: <see cref="SimBADctOptions"/>). In JSON: <c>{"method": "pgd", "eps": 0.1, …}</c>.
    /// </summary>
    public AttackOptions? Attack { get; init; }

    /// <summary>Images used by this check (0: all of the data, capped by the policy's limit).</summary>
    public int Images { get; init; }
}

/// <summary>A set of checks, read from JSON (see README: <c>mlnetfreq validate --policy</c>).</summary>
public sealed record ValidationPolicy
{
    /// <summary>The checks, in order.</summary>
    public IReadOnlyList<ValidationCheck> Checks { get; init; } = [];

    /// <summary>Images read from the data set at most.</summary>
    public int Limit { get; init; } = 1000;
}
