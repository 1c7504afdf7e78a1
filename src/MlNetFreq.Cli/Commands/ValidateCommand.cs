using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Methods.Validation;
using MlNetFreq.Methods.Validation.Kinds;
using Spectre.Console;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq validate</c>: the model-validation gate of a pipeline; exit code 3 when a check fails.</summary>
internal static class ValidateCommand
{
    public const int PolicyFailed = ExitCodes.CheckFailed;


    public static Command Create()
    {
        var model = new ModelOptions();
        var data = new DataOptions("Labelled images", labels: "Labels");
        // The kinds and what each takes come from the check-kind registry, so the help lists every kind there is.
        string kinds = string.Join("|", CheckKinds.All.Select(k => k.Kind));
        var policy = CliOptions.RequiredPath("--policy", $"Policy JSON: {{\"limit\": N, \"checks\": [{{\"name\", \"kind\": {kinds}, \"min\", \"max\", \"images\", \"decision\": estimate|lower-bound|upper-bound (accuracies), \"attack\": {{\"method\": …}} ({string.Join(", ", CheckKinds.All.Where(k => k.DefaultAttack is not null).Select(k => k.Kind))}), \"diagnostic\": {{\"method\": …}} (frequency checks), \"radius\" ({string.Join(", ", CheckKinds.All.Where(k => k.NeedsRadius).Select(k => k.Kind))}), \"fail-on-warnings\": true|false}}]}}, read strictly (see README, samples/policies and `mlnetfreq policy-schema`). Kinds: " + string.Join(" ", CheckKinds.All.Select(k => $"{k.Kind}: {k.Description}")));
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
            rules.CheckAgainstData(set.Images.Shape.N, session.Height, session.Width, r.GetRequiredValue(policy));
            var report = ConsoleUi.WithProgress($"{rules.Checks.Count} checks", rules.Checks.Count, advance =>
                ModelValidator.Run(session, set.Images.Data, y, rules, _ => advance(1)));
            // What was gated, so a report can be traced to the exact model, data, tool and policy.
            string modelPath = r.GetRequiredValue(model.Model);
            var provenance = new ValidationProvenance(Path.GetFullPath(modelPath), DataFingerprint.FileSha256(modelPath), Path.GetFullPath(data.InputPath(r)!),
                set.Images.Shape.N, DataFingerprint.Sha256(set.Images.Data, y), rules);
            File.WriteAllText(outputs.Stage("--out", Path.Combine(dir, "report.json")), ValidationDocument.ToJson(report, provenance));
            string? figure = report.Attribution is null ? null : ValidationDocument.AttributionFigure;
            if (report.Attribution is { } profile)
            {
                Figures.AttributionFigures.ByClass(outputs.Stage("--out", Path.Combine(dir, ValidationDocument.AttributionFigure)), [(Path.GetFileNameWithoutExtension(modelPath), profile)], set.ClassNames);
            }

            File.WriteAllText(outputs.Stage("--out", Path.Combine(dir, "report.md")), ValidationDocument.Markdown(modelPath, report, figure));
            outputs.Commit();
            var table = new Table().AddColumns("check", "value", "95 % interval", "bound", "images", "result");
            foreach (var c in report.Checks)
            {
                table.AddRow(Markup.Escape(c.Name), ValidationDocument.Format(c.Value), c.Lower is { } lo ? Markup.Escape($"[{ValidationDocument.Format(lo)}, {ValidationDocument.Format(c.Upper!.Value)}]") : "", Markup.Escape(ValidationDocument.Bound(c)), c.Images.ToString(CultureInfo.InvariantCulture), c.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
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
}
