using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetFreq.Methods.Validation;

/// <summary>What was gated: the exact model, data, tool and policy a validation report belongs to.</summary>
/// <param name="Model">Full path of the model file.</param>
/// <param name="ModelSha256">SHA-256 of the model file.</param>
/// <param name="Data">Full path of the data.</param>
/// <param name="Images">Images read (the policy's limit at most).</param>
/// <param name="DataSha256">SHA-256 of the images read and their labels (<see cref="DataFingerprint.Sha256"/>).</param>
/// <param name="Policy">The policy.</param>
public sealed record ValidationProvenance(string Model, string ModelSha256, string Data, int Images, string DataSha256, ValidationPolicy Policy);

/// <summary>
/// The files of a validation report, as <c>mlnetfreq validate --out</c> and a cluster <c>validate</c> job write them:
/// <c>report.json</c> (verdict, provenance, checks) and <c>report.md</c>.
/// </summary>
public static class ValidationDocument
{
    /// <summary>The Occluded Frequency figure a policy with a high-frequency reliance check adds beside the report.</summary>
    public const string AttributionFigure = "attribution-by-class.png";

    /// <summary>The JSON settings of the report (camel case, enum names, indented).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNameCaseInsensitive = true, WriteIndented = true, Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>report.json's text.</summary>
    public static string ToJson(ValidationReport report, ValidationProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(provenance);
        var what = new
        {
            model = provenance.Model, model_sha256 = provenance.ModelSha256, data = provenance.Data, images = provenance.Images, data_sha256 = provenance.DataSha256,
            tool = "mlnetfreq " + typeof(ValidationDocument).Assembly.GetName().Version, policy = JsonDocument.Parse(provenance.Policy.ToJson()).RootElement.Clone(),
        };
        return JsonSerializer.Serialize(new { passed = report.Passed, provenance = what, checks = report.Checks }, Json);
    }

    /// <summary>report.md's text; <paramref name="attributionFigure"/> names the OF figure beside it, when one was drawn.</summary>
    public static string Markdown(string model, ValidationReport report, string? attributionFigure)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Validation of `{Path.GetFileName(model)}`: {(report.Passed ? "passed" : "FAILED")}");
        md.AppendLine();
        md.AppendLine("| check | value | 95 % interval | bound | images | result |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var c in report.Checks)
        {
            string interval = c.Lower is { } lo ? $"[{Format(lo)}, {Format(c.Upper!.Value)}]" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {Format(c.Value)} | {interval} | {Bound(c)} | {c.Images} | {(c.Passed ? "pass" : "**FAIL**")} |");
        }

        md.AppendLine();
        md.AppendLine("Accuracies compare each check's decision with its bound: the estimate (default) or an end of the Wilson 95 % interval.");
        foreach (var c in report.Checks.Where(c => c.Log is not null))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {c.Name}: robust accuracy after each attack");
            md.AppendLine();
            md.AppendLine("| attack | robust | accuracy | 95 % interval |");
            md.AppendLine("| --- | --- | --- | --- |");
            foreach (var stage in c.Log!)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {stage.Attack} | {stage.Robust} | {Format(stage.Accuracy)} | [{Format(stage.Lower)}, {Format(stage.Upper)}] |");
            }

            AppendWarnings(md, c.Warnings);
        }

        foreach (var c in report.Checks.Where(c => c.Log is null && c.Warnings is { Count: > 0 }))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {c.Name}: sanity warnings");
            AppendWarnings(md, c.Warnings);
        }

        if (attributionFigure is not null)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![Mean Occluded Frequency per band per class]({attributionFigure})");
        }

        return md.ToString();
    }

    /// <summary>A value as reports show it (4 decimals below 2, 1 from there on).</summary>
    public static string Format(double v) => v.ToString(v >= 2 ? "F1" : "F4", CultureInfo.InvariantCulture);

    /// <summary>A check's bounds as reports show them.</summary>
    public static string Bound(CheckResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return (c.Min, c.Max) switch
        {
            ({ } min, { } max) => $"{Format(min)} … {Format(max)}",
            ({ } min, null) => $"≥ {Format(min)}",
            (null, { } max) => $"≤ {Format(max)}",
            _ => "",
        };
    }

    private static void AppendWarnings(StringBuilder md, IReadOnlyList<string>? warnings)
    {
        foreach (string warning in warnings ?? [])
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Warning: {warning}");
        }
    }
}
