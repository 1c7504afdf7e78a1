using MlNetFreq.Methods.Attribution;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Validation.Kinds;

/// <summary>
/// What a check measures, on consecutive images of its data: the model, the check, the images and labels, their
/// global indices (per-sample seeds follow them, so a part measures what a whole run measures on it), and the check's
/// first images for the before-run sanity checks (read only by the part that starts at 0).
/// </summary>
public sealed record CheckInput(ModelSession Model, ValidationCheck Check, float[] Images, int[] Labels, long FirstIndex, Func<(float[] Images, int[] Labels)> SanityImages)
{
    /// <summary>The images' global indices.</summary>
    public long[] Indices => [.. Enumerable.Range(0, Labels.Length).Select(i => FirstIndex + i)];
}

/// <summary>
/// One check kind, declared once: what it measures and how it decides, the value its bounds apply to (a share in
/// [0, 1] or a count), whether the decision rule and Wilson interval apply, the attack or diagnostic it takes and its
/// default, whether it needs a cut-off. The policy parser, the JSON Schema, <c>validate --help</c> and the validator all
/// read this; a new kind is one file and one line in <see cref="CheckKinds"/>.
/// </summary>
public abstract class CheckKindDefinition
{
    /// <summary>The kind.</summary>
    public abstract CheckKind Kind { get; }

    /// <summary>What it measures, for the schema and help.</summary>
    public abstract string Description { get; }

    /// <summary>A proportion with a Wilson interval: <c>decision</c> applies.</summary>
    public virtual bool IsProportion => false;

    /// <summary>Its value is a share in [0, 1] (false: a count, ≥ 0, unbounded above).</summary>
    public virtual bool MeasuresShare => true;

    /// <summary>The attack it runs when the check names none; null: it takes no attack.</summary>
    public virtual AttackOptions? DefaultAttack => null;

    /// <summary>Whether it accepts <paramref name="attack"/> (the default's family); a message naming what it takes otherwise.</summary>
    public virtual string? RefuseAttack(AttackOptions attack) => null;

    /// <summary>The options record of the frequency diagnostic it runs, or null.</summary>
    public virtual Type? DiagnosticType => null;

    /// <summary>It gates one cut-off: <c>radius</c> is required (and refused by the others).</summary>
    public virtual bool NeedsRadius => false;

    /// <summary>Whether <c>fail-on-warnings</c> can apply to <paramref name="check"/>, or the message saying why not.</summary>
    public virtual string? RefuseFailOnWarnings(ValidationCheck check) => $"fail-on-warnings applies to AutoAttack and RobustAccuracy checks, not to {Kind}.";

    /// <summary>Measures the check on a part of its images.</summary>
    public abstract CheckMeasurement Measure(CheckInput input);

    /// <summary>The check's result from its merged measurement; <paramref name="attribution"/> is an OF profile to draw, if any.</summary>
    public abstract CheckResult Decide(ValidationCheck check, CheckMeasurement measurement, out AttributionProfile? attribution);
}
