using System.Text.Json;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations.Parts;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>autoattack</c>: robust accuracy under the AutoAttack ensemble (Croce &amp; Hein 2020) — each attack on the points
/// still robust, seeded by the images' global indices; the before-run sanity checks made once on the data set's first
/// images, the after-run ones on the totals — with the adversarial images and the report (log with Wilson intervals,
/// warnings, per-sample outcomes, model and data SHA-256). Parts add up to one run's report byte for byte.
/// </summary>
public sealed class AutoAttackEvaluation : Operation<AutoAttackEvaluation.Evaluation>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<AutoAttackSettings>("autoattack", MethodKind.Settings, "How many images the attacks take at once.");
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public override string Name => "autoattack";

    /// <inheritdoc />
    public override string Description => "Robust accuracy under AutoAttack (Croce & Hein 2020): APGD-CE, APGD-T, FAB-T and Square, each on the points still robust.";

    /// <inheritdoc />
    public override string? Method => "autoattack";

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override int HeadImages => SanityChecks.Sample;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RetiredFlags { get; } = new Dictionary<string, string>
    {
        ["state"] = "replaced by --checkpoint IMAGES: the run keeps its parts in OUTPUT.parts/ as it goes and a rerun of the same command resumes from them (state files are no longer read).",
    };

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".npy"], true, "Adversarial images as float32 .npy [N,C,H,W] (robust and misclassified images unchanged)."),
        new("report", [".json"], true, "JSON report: clean and robust accuracy after each attack with Wilson 95 % intervals, warnings, per-sample outcomes, model and data SHA-256."),
    ];

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ((AutoAttackOptions)parameters.Options!).CheckAgainst(model);
    }

    /// <inheritdoc />
    protected override Evaluation MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var model = slice.RequiredModel;
        var options = (AutoAttackOptions)slice.Options!;
        IReadOnlyList<string> before = [];
        if (slice.FirstIndex == 0 && slice.Head is { } head)
        {
            before = SanityChecks.BeforeRun(model, head.Images.Data, head.Labels!, options.Plan(model.Classes).Select(p => p.Name).ToArray());
        }

        var autoAttack = new AutoAttack(model, options) { CheckBeforeRun = false, MaxBatchSize = ((AutoAttackSettings)slice.Settings!).Batch };
        var report = autoAttack.Evaluate(slice.Images, slice.RequiredLabels, slice.StageProgress is { } stages ? new StageRelay(stages) : null, firstIndex: slice.FirstIndex);
        slice.Progress?.Report(slice.Shape.N);
        return new Evaluation(new ImageRows(slice.Shape, report.Adversarial), [AutoAttackPart.Of(report, before)]);
    }

    /// <inheritdoc />
    protected override Evaluation Add(Evaluation first, Evaluation second) => new(first.Adversarial.Then(second.Adversarial), [.. first.Parts, .. second.Parts]);

    /// <inheritdoc />
    protected override void Write(Evaluation result, OperationWriter writer)
    {
        result.Adversarial.WriteNpy(writer.Path("output"));
        var provenance = writer.Provenance ?? throw new InvalidOperationException("report: the surface must give the model and data SHA-256 the report records.");
        var report = AutoAttackPart.Combine((AutoAttackOptions)writer.Options!, result.Parts);
        File.WriteAllText(writer.Path("report"), JsonSerializer.Serialize(report.ToDocument(provenance.ModelPath!, provenance.ModelSha256!, provenance.DataSha256), Indented));
    }

    /// <inheritdoc />
    protected override string Summarise(Evaluation result)
    {
        var report = AutoAttackPart.Combine(new AutoAttackOptions(), result.Parts);
        var last = report.Stages.LastOrDefault(report.Clean);
        string warnings = string.Concat(report.Warnings.Select(w => $"warning: {w}\n"));
        return $"{warnings}clean accuracy {100 * report.Clean.Accuracy:F2} %, robust accuracy {100 * report.RobustAccuracy:F2} % [{100 * last.Lower:F2}, {100 * last.Upper:F2}] on {report.Count} images, {report.Seconds:F1} s";
    }

    /// <summary>The adversarial images of consecutive images and the ensemble's parts over them, in order.</summary>
    public sealed record Evaluation(ImageRows Adversarial, AutoAttackPart[] Parts);

    // The ensemble's per-attack progress, as stage progress named for a person: "APGD-CE on 812 points still robust".
    private sealed class StageRelay(IProgress<(string Stage, int Done, int Total)> stages) : IProgress<(string Attack, int Done, int Total)>
    {
        public void Report((string Attack, int Done, int Total) value) =>
            stages.Report(($"{value.Attack.ToUpperInvariant()} on {value.Total} points still robust", value.Done, value.Total));
    }
}
