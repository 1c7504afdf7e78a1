namespace MlNetFreq.Experiments;

/// <summary>The paper's experiments, in order. Adding one is a class implementing <see cref="IExperiment"/> and a line here.</summary>
public static class ExperimentRegistry
{
    /// <summary>Every experiment with its default options.</summary>
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new AttacksExperiment(),
        new RobustDatasetExperiment(),
        new OfExampleExperiment(),
        new AttributionShiftExperiment(),
        new FrequencyRobustnessExperiment(),
    ];
}
