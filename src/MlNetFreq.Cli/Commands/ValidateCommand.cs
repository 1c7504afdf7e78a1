using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Validation;
using Spectre.Console;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq validate</c>: the model-validation gate of a pipeline; exit code 3 when a check fails.</summary>
internal static class ValidateCommand
{
    public const int PolicyFailed = ExitCodes.CheckFailed;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true, WriteIndented = true, Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Command Create()
    {
        var model = new ModelOptions();
        var data = new DataOptions("Labelled images", labels: "Labels");
        var policy = CliOptions.RequiredPath("--policy", "Policy JSON: {\"limit\": N, \"checks\": [{\"name\", \"kind\": CleanAccuracy|RobustAccuracy|HighFrequencyReliance|SimBAMedianQueries|AutoAttack, \"min\", \"max\", \"images\", \"decision\": estimate|lower-bound|upper-bound, \"attack\": {\"method\": …}, \"fail-on-warnings\": true|false}]}, read strictly (see README and samples/policies).");
        var outDir = CliOptions.RequiredPath("--out", "Folder for report.json, report.md and the figures.");
        var command = new Command("validate", "Gate a model: run the policy's checks (accuracies with Wilson 95 % intervals, robust accuracy under attacks and AutoAttack, high-frequency reliance, SimBA queries, heat-map error, low/high-pass and corruption accuracy), write a report, exit 3 naming the failed checks.")
        {
            policy, outDir,
        };
        data.AddTo(command, limit: false);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var rules = ValidationPolicy.Load(r.GetRequiredValue(policy));
            string dir = r.GetRequiredValue(outDir);
            using var outputs = new StagedOutputs();
            outputs.StageFolder("--out", dir);
            using var session = model.Open(r);
            var set = data.LoadFor(r, session, rules.Limit);
            int[] y = set.Labels ?? throw new ArgumentException("--labels: the data carry no labels; pass --labels Y.npy.");
            var report = ConsoleUi.WithProgress($"{rules.Checks.Count} checks", rules.Checks.Count, advance =>
                ModelValidator.Run(session, set.Images.Data, y, rules, _ => advance(1)));
            // What was gated, so a report can be traced to the exact model, data, tool and policy.
            string modelPath = r.GetRequiredValue(model.Model);
            var provenance = new
            {
                model = Path.GetFullPath(modelPath), model_sha256 = Methods.Validation.DataFingerprint.FileSha256(modelPath),
                data = Path.GetFullPath(data.InputPath(r)!), images = set.Images.Shape.N, data_sha256 = Methods.Validation.DataFingerprint.Sha256(set.Images.Data, y),
                tool = "mlnetfreq " + typeof(ValidateCommand).Assembly.GetName().Version, policy = JsonSerializer.SerializeToElement(rules, Json),
            };
            File.WriteAllText(outputs.Stage("--out", Path.Combine(dir, "report.json")), JsonSerializer.Serialize(new { passed = report.Passed, provenance, checks = report.Checks }, Json));
            if (report.Attribution is { } profile)
            {
                Figures.AttributionFigures.ByClass(outputs.Stage("--out", Path.Combine(dir, "attribution-by-class.png")), [(Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), profile)], set.ClassNames);
            }

            File.WriteAllText(outputs.Stage("--out", Path.Combine(dir, "report.md")), Markdown(r.GetRequiredValue(model.Model), report));
            outputs.Commit();
            var table = new Table().AddColumns("check", "value", "95 % interval", "bound", "images", "result");
            foreach (var c in report.Checks)
            {
                table.AddRow(Markup.Escape(c.Name), Format(c.Value), c.Lower is { } lo ? Markup.Escape($"[{Format(lo)}, {Format(c.Upper!.Value)}]") : "", Markup.Escape(Bound(c)), c.Images.ToString(CultureInfo.InvariantCulture), c.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
            }

            ConsoleUi.Out.Write(table);
            var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
            if (failed.Length > 0)
            {
                Console.Error.WriteLine($"policy failed: {string.Join("; ", failed)}");
                return PolicyFailed;
            }

            return 0;
        }));
        return command;
    }

    private static string Format(double v) => v.ToString(v >= 2 ? "F1" : "F4", CultureInfo.InvariantCulture);

    private static string Bound(CheckResult c) => (c.Min, c.Max) switch
    {
        ({ } min, { } max) => $"{Format(min)} … {Format(max)}",
        ({ } min, null) => $"≥ {Format(min)}",
        (null, { } max) => $"≤ {Format(max)}",
        _ => "",
    };

    private static string Markdown(string model, ValidationReport report)
    {
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

            foreach (string warning in c.Warnings ?? [])
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"Warning: {warning}");
            }
        }

        if (report.Attribution is not null)
        {
            md.AppendLine();
            md.AppendLine("![Mean Occluded Frequency per band per class](attribution-by-class.png)");
        }

        return md.ToString();
    }
}
