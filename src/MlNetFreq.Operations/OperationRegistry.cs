using MlNetFreq.Operations.Catalog;

namespace MlNetFreq.Operations;

/// <summary>
/// Every operation made from one definition: a line here gives it a command (<c>mlnetfreq NAME</c>), a cluster job
/// (<c>mlnetfreq cluster submit NAME</c>, <c>ClusterJobs.SubmitAsync</c>) and its C# entry (<c>Operation.Run</c>).
/// </summary>
public static class OperationRegistry
{
    /// <summary>The registered operations.</summary>
    public static IReadOnlyList<Operation> All { get; } =
    [
        new Predict(), new AttackImages(), new AutoAttackEvaluation(), new OccludedFrequencyScores(), new HeatMap(), new FilteredAccuracyCurves(), new CorruptionAccuracyTable(),
        new CorruptImages(), new BandSpectrum(), new DctTransform(), new InputGradient(), new RepresentationMatchedImages(), new ModelValidation(),
    ];

    /// <summary>The operation called <paramref name="name"/>, or null.</summary>
    public static Operation? Find(string name) => All.FirstOrDefault(o => o.Name == name);
}
