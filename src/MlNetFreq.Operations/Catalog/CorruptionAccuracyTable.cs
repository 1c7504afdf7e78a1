using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>corruption-accuracy</c>: accuracy under every common corruption and severity (random corruptions seeded by the
/// images' global indices), each grouped by the band third where its RCT is largest; counts and RCT sums of slices add
/// up exactly.
/// </summary>
public sealed class CorruptionAccuracyTable : Operation<CorruptionTable>
{
    /// <inheritdoc />
    public override string Name => "corruption-accuracy";

    /// <inheritdoc />
    public override string Description => "Accuracy under the common corruptions (CIFAR-10-C formulas) at each severity, each grouped by where in the spectrum it changes the images most (RCT per band third).";

    /// <inheritdoc />
    public override string? Method => "corruption-accuracy";

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".csv"], true, "CSV: corruption, severity, accuracy, images, the RCT of corrupted vs clean per band third (low, middle, high) and the measured group (the third where it is largest)."),
        new("plot", [".png"], false, "PNG: mean accuracy per corruption, labelled with its measured group."),
    ];

    /// <inheritdoc />
    protected override CorruptionTable MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new CorruptionAccuracy(slice.RequiredModel, (CorruptionAccuracyOptions)slice.Options!).Evaluate(slice.Images, slice.RequiredLabels, slice.FirstIndex, slice.Progress);
    }

    /// <inheritdoc />
    protected override CorruptionTable Add(CorruptionTable first, CorruptionTable second) => first.Merge(second);

    /// <inheritdoc />
    protected override void Write(CorruptionTable result, OperationWriter writer)
    {
        File.WriteAllLines(writer.Path("output"), result.ToCsv());
        writer.Figure("plot", () => new CorruptionFigure([(writer.ModelName, result)]));
    }

    /// <inheritdoc />
    protected override string Summarise(CorruptionTable result) =>
        string.Concat(result.Skipped.Select(s => $"skipped {s.Key}: {s.Value}\n"))
        + $"clean {result.CleanAccuracy:P1}, mean corruption accuracy {result.MeanAccuracy:P1}; "
        + string.Join("; ", result.Groups.Select(g => $"{g.Group.ToString().ToLowerInvariant()} group {g.MeanAccuracy:P1} ({g.Rows} settings)"));
}
