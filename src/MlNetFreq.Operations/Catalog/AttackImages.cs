using System.Text.Json;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations.Parts;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>attack</c>: any registered attack on every image (white-box ones differentiate the ONNX graph, score-based ones
/// use forward passes only), per-sample seeds from the images' global indices; writes the adversarial images and a
/// per-sample report whose numbers do not depend on how the images were split.
/// </summary>
public sealed class AttackImages : Operation<AttackImages.Outcome>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<AttackSettings>("attack", MethodKind.Settings, "Whom the attack aims at.");
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public override string Name => "attack";

    /// <inheritdoc />
    public override string Description => "Attack a classifier (white-box gradient attacks through the differentiable ONNX graph, SimBA and Square with forward passes only) and write the adversarial images.";

    /// <inheritdoc />
    public override MethodFamily? Methods { get; } = new(typeof(AttackOptions), "method", "Attack (white-box ones differentiate the ONNX graph; SimBA uses forward passes only)");

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".npy"], true, "Adversarial images as float32 .npy [N,C,H,W]."),
        new("report", [".json"], false, "Per-sample JSON report: samples (index, success, linf, l2, queries, clean_class, adversarial_class) and a summary."),
    ];

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        ((AttackOptions)parameters.Options!).CheckAgainst(model);
        if (((AttackSettings)parameters.Settings!).TargetClass is { } t && (uint)t >= (uint)model.Classes)
        {
            throw new MethodOptionException("target-class", $"expected a class in 0…{model.Classes - 1} for the model's {model.Classes} classes, found {t}.");
        }
    }

    /// <inheritdoc />
    protected override Outcome MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var options = (AttackOptions)slice.Options!;
        int[] objective = slice.RequiredLabels;
        if (((AttackSettings)slice.Settings!).TargetClass is { } target)
        {
            options = options with { Targeted = true };
            objective = Enumerable.Repeat(target, objective.Length).ToArray();
        }

        return new(slice.Shape, options.Create(slice.RequiredModel).Run(slice.Images, objective, slice.Progress, slice.FirstIndex) with { Logits = [] });
    }

    /// <inheritdoc />
    protected override Outcome Add(Outcome first, Outcome second) => new(first.Shape with { N = first.Shape.N + second.Shape.N }, Concatenate(first.Result, second.Result));

    private static AttackResult Concatenate(AttackResult first, AttackResult second) => new(
        [.. first.Adversarial, .. second.Adversarial], [.. first.Success, .. second.Success], [.. first.Linf, .. second.Linf], [.. first.L2, .. second.L2],
        [.. first.Iterations, .. second.Iterations], [.. first.CleanClass, .. second.CleanClass], [.. first.AdversarialClass, .. second.AdversarialClass], [],
        first.Seconds + second.Seconds);

    /// <inheritdoc />
    protected override void Write(Outcome result, OperationWriter writer)
    {
        new ImageRows(result.Shape, result.Result.Adversarial).WriteNpy(writer.Path("output"));
        if (writer.Has("report"))
        {
            File.WriteAllText(writer.Path("report"), JsonSerializer.Serialize(AttackReport.Of(result.Result), Indented));
        }
    }

    /// <inheritdoc />
    protected override string Summarise(Outcome result)
    {
        var summary = AttackReport.Summary(result.Result);
        return $"success rate {summary["success_rate"]:F4}, mean L2 {summary["mean_l2"]:F4}, mean L∞ {summary["mean_linf"]:F4}, median queries {summary["median_queries"]}, {result.Result.Seconds:F1} s";
    }

    /// <summary>The attack's outcome on consecutive images of shape <paramref name="Shape"/>.</summary>
    public sealed record Outcome(ImageBatchShape Shape, AttackResult Result);
}
