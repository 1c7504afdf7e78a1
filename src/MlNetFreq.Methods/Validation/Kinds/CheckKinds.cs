namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary>The check kinds, one line each; everything about a kind is read from its definition.</summary>
public static class CheckKinds
{
    /// <summary>Every kind, in the order of <see cref="CheckKind"/>.</summary>
    public static IReadOnlyList<CheckKindDefinition> All { get; } =
    [
        new CleanAccuracyCheck(), new RobustAccuracyCheck(), new HighFrequencyRelianceCheck(), new SimBAMedianQueriesCheck(), new AutoAttackCheck(),
        new HeatMapErrorCheck(mean: true), new HeatMapErrorCheck(mean: false), new FilteredAccuracyCheck(low: true), new FilteredAccuracyCheck(low: false),
        new CorruptionAccuracyCheck(worstGroup: false), new CorruptionAccuracyCheck(worstGroup: true),
    ];

    /// <summary>The definition of <paramref name="kind"/>.</summary>
    public static CheckKindDefinition Of(CheckKind kind) => All.FirstOrDefault(k => k.Kind == kind)
        ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, $"kind: expected one of {string.Join(", ", All.Select(k => k.Kind))}, found {kind}.");
}
