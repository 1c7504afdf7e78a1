using System.Globalization;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Methods.Validation;
using MlNetFreq.Methods.Validation.Kinds;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>validate</c>: the model-validation gate — a policy's checks, each measured on its own first images (per-sample
/// seeds by global index, so slices measure what one run does) and decided once on the merged measurements; writes
/// report.json, report.md and the Occluded Frequency figure into a folder, and fails (exit code 3) naming the failed checks.
/// </summary>
public sealed class ModelValidation : Operation<ModelValidation.Measurements>
{
    /// <inheritdoc />
    public override string Name => "validate";

    /// <inheritdoc />
    public override string Description => "Gate a model: run the policy's checks (accuracies with Wilson 95 % intervals, robust accuracy under attacks and AutoAttack, high-frequency reliance, SimBA queries, heat-map error, low/high-pass and corruption accuracy), write a report, exit 3 naming the failed checks.";

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <inheritdoc />
    public override int HeadImages => SanityChecks.Sample;

    /// <inheritdoc />
    public override IReadOnlyList<OperationInput> Inputs { get; } =
    [
        // The kinds and what each takes come from the check-kind registry, so the help lists every kind there is.
        new("policy", $"Policy JSON: {{\"limit\": N, \"checks\": [{{\"name\", \"kind\": {string.Join("|", CheckKinds.All.Select(k => k.Kind))}, \"min\", \"max\", \"images\", \"decision\": estimate|lower-bound|upper-bound (accuracies), \"attack\": {{\"method\": …}} ({string.Join(", ", CheckKinds.All.Where(k => k.DefaultAttack is not null).Select(k => k.Kind))}), \"diagnostic\": {{\"method\": …}} (frequency checks), \"radius\" ({string.Join(", ", CheckKinds.All.Where(k => k.NeedsRadius).Select(k => k.Kind))}), \"fail-on-warnings\": true|false}}]}}, read strictly (see README, samples/policies and `mlnetfreq policy-schema`); its limit is the most images read. Kinds: " + string.Join(" ", CheckKinds.All.Select(k => $"{k.Kind}: {k.Description}")))
        {
            IsText = true, Required = true,
        },
    ];

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("out", [], true, "Folder for report.json, report.md and the figures."),
        new("junit", [".xml"], false, "JUnit XML for CI systems (Jenkins, GitLab, Azure DevOps): one testsuite for the policy with the model's and data's SHA-256 as properties, one testcase per check, a failure with the check's numbers for each failed one."),
    ];

    /// <summary>The policy a run was given, read strictly (errors name its file).</summary>
    public static ValidationPolicy Policy(OperationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var text = parameters.Texts.TryGetValue("policy", out var given) ? given : throw new Methods.Descriptors.MethodOptionException("policy", "validate needs a policy; found none.");
        return Policy(text);
    }

    private static ValidationPolicy Policy(InputText text)
    {
        var policy = ValidationPolicy.Parse(text.Text, text.Source);
        policy.Validate(text.Source);
        return policy;
    }

    /// <inheritdoc />
    public override int? ImageLimit(OperationParameters parameters) => Policy(parameters).Limit;

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, Spectral.Tensors.ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(model);
        var policy = Policy(parameters);
        policy.CheckAgainstData(shape.N, model.Height, model.Width, parameters.Texts["policy"].Source);
        foreach (var check in policy.Checks.Where(c => c.Attack is not null))
        {
            check.Attack!.CheckAgainst(model);
        }
    }

    /// <inheritdoc />
    protected override Measurements MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var text = slice.Parameters.Texts["policy"];
        var checks = Policy(text).Checks;
        int total = slice.Total, start = (int)slice.FirstIndex, length = slice.Shape.ImageLength;
        var measured = new CheckMeasurement?[checks.Count];
        for (int i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            int end = Math.Min(start + slice.Shape.N, ModelValidator.ImagesFor(check, total));
            if (end > start)
            {
                // Each check on the part of the slice inside its own images; AutoAttack's before-run checks on the data set's first images.
                measured[i] = ModelValidator.Measure(slice.RequiredModel, check, slice.Images.AsSpan(0, (end - start) * length), slice.RequiredLabels.AsSpan(0, end - start), start, () =>
                {
                    var head = (slice.Head ?? throw new InvalidOperationException("validate: the slice needs the data set's first images.")).Take(ModelValidator.SanityImagesFor(check, total));
                    return (head.Images.Data, head.Labels!);
                });
            }

            slice.Progress?.Report(slice.Shape.N * (i + 1) / checks.Count);
        }

        return new Measurements(text, total, [measured]) { ClassNames = slice.ClassNames };
    }

    /// <inheritdoc />
    protected override Measurements Add(Measurements first, Measurements second) => first with { Slices = [.. first.Slices, .. second.Slices] };

    /// <inheritdoc />
    protected override void Write(Measurements result, OperationWriter writer)
    {
        var report = Decide(result);
        var provenance = writer.Provenance ?? throw new InvalidOperationException("out: the surface must give the model and data the report records.");
        var traced = new ValidationProvenance(provenance.ModelPath!, provenance.ModelSha256!, provenance.DataPath ?? "", result.Images, provenance.DataSha256, Policy(result.Policy));
        File.WriteAllText(writer.FileIn("out", "report.json"), ValidationDocument.ToJson(report, traced));
        // The figure where this surface draws figures (the command line, and the client that merges a cluster job); a C#
        // caller without a renderer gets the report without it, and report.md does not refer to it.
        bool figure = report.Attribution is not null && writer.CanDrawFigures;
        if (figure)
        {
            writer.Figure("out", ValidationDocument.AttributionFigure, () => new AttributionByClassFigure([(writer.ModelName, report.Attribution!)], result.ClassNames));
        }

        File.WriteAllText(writer.FileIn("out", "report.md"), ValidationDocument.Markdown(provenance.ModelPath!, report, figure ? ValidationDocument.AttributionFigure : null));
        if (writer.Has("junit"))
        {
            File.WriteAllText(writer.Path("junit"), ValidationJUnit.ToXml(report, traced, Path.GetFileName(result.Policy.Source)));
        }
    }

    /// <inheritdoc />
    protected override string Summarise(Measurements result) => string.Join("\n", Decide(result).Checks.Select(c =>
        string.Create(CultureInfo.InvariantCulture, $"{(c.Passed ? "pass" : "FAIL")}  {c.Name}: {ValidationDocument.Format(c.Value)}")
        + (c.Lower is { } lo ? $" [{ValidationDocument.Format(lo)}, {ValidationDocument.Format(c.Upper!.Value)}]" : "")
        + $", bound {ValidationDocument.Bound(c)}, {c.Images} images"));

    /// <inheritdoc />
    public override string? Failure(object result)
    {
        var failed = Decide((Measurements)result).Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
        return failed.Length == 0 ? null : $"policy failed: {string.Join("; ", failed)}";
    }

    // Every check decided on its measurements merged in order (all at once, as one run measures them).
    private static ValidationReport Decide(Measurements result)
    {
        var checks = Policy(result.Policy).Checks;
        var decided = new List<CheckResult>();
        Methods.Attribution.AttributionProfile? attribution = null;
        for (int i = 0; i < checks.Count; i++)
        {
            var parts = result.Slices.Select(s => s[i]).OfType<CheckMeasurement>().ToArray();
            decided.Add(ModelValidator.Decide(checks[i], CheckMeasurement.Merge(parts), out var profile));
            attribution = profile ?? attribution;
        }

        return new ValidationReport(decided, attribution);
    }

    /// <summary>The policy, the data set's image count, and per slice (in order) each check's measurement (null past its images).</summary>
    public sealed record Measurements(InputText Policy, int Images, CheckMeasurement?[][] Slices)
    {
        /// <summary>The data set's class names, when its source carries them (the figure's titles).</summary>
        public IReadOnlyList<string>? ClassNames { get; init; }
    }
}
