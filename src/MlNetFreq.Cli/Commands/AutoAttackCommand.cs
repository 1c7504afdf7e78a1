using System.CommandLine;
using System.Text.Json;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Outputs;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Robustness;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>mlnetfreq autoattack</c>: the AutoAttack ensemble on a data set — robust accuracy after each attack, the sanity
/// checks' warnings, per-sample outcomes — resumable through a state file.
/// </summary>
internal static class AutoAttackCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var model = new ModelOptions();
        var flags = new MethodFlags(MethodRegistry.Get("autoattack", typeof(AttackOptions)));
        var data = new DataOptions("Images to evaluate", labels: "True labels");
        var output = CliOptions.RequiredPath("--output", "Adversarial images as float32 .npy [N,C,H,W] (robust and misclassified images unchanged).");
        var report = CliOptions.RequiredPath("--report", "JSON report: clean and robust accuracy after each attack with Wilson 95 % intervals, warnings, per-sample outcomes, model and data SHA-256.");
        var state = new Option<string?>("--state")
        {
            Description = "State file, rewritten after each attack; a rerun with the same options and data continues from it, other options or data are refused.",
        };
        var batch = new Option<int>("--batch") { Description = "Images attacked together (one ONNX Runtime batch per step).", DefaultValueFactory = _ => 256 };
        var command = new Command("autoattack", "Robust accuracy under AutoAttack (Croce & Hein 2020): APGD-CE, APGD-T, FAB-T and Square, each on the points still robust.")
        {
            output, report, state, batch,
        };
        data.AddTo(command);
        model.AddTo(command);
        flags.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            if (r.GetValue(batch) < 1)
            {
                throw new ArgumentException($"--batch: expected at least 1 image, found {r.GetValue(batch)}.");
            }

            using var outputs = new StagedOutputs();
            string adversarialPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            string reportPath = outputs.Stage("--report", r.GetRequiredValue(report), ".json");
            string? statePath = r.GetValue(state);
            if (statePath is not null)
            {
                StagedOutputs.CheckFolder("--state", Path.GetDirectoryName(Path.GetFullPath(statePath))!, statePath);
                OutputTarget.CheckKind("--state", statePath);
                outputs.Claim("--state", statePath);
            }

            var options = (AutoAttackOptions)flags.Create(r);
            using var session = model.Open(r);
            var set = data.LoadFor(r, session);
            int[] y = DataOptions.LabelsOf(set);
            var resume = statePath is not null && File.Exists(statePath) ? ReadState(statePath) : null;
            var autoAttack = new AutoAttack(session, options) { MaxBatchSize = r.GetValue(batch) };
            var started = System.Diagnostics.Stopwatch.StartNew();
            autoAttack.AttackFinished = s =>
            {
                string last = s.Finished[^1];
                Console.Error.WriteLine($"robust accuracy after {last.ToUpperInvariant()}: {100.0 * s.RobustAfter[last] / s.BrokenBy.Length:F2} % (total {started.Elapsed.TotalSeconds:F1} s)");
                if (statePath is not null)
                {
                    string temporary = statePath + ".tmp";
                    File.WriteAllText(temporary, s.ToJson());
                    File.Move(temporary, statePath, overwrite: true);
                }
            };
            int n = set.Images.Shape.N;
            if (resume is not null)
            {
                try
                {
                    resume.CheckMatches(options, set.Images.Data, y);
                }
                catch (InvalidDataException ex)
                {
                    throw new ArgumentException($"--state {statePath}: {ex.Message}", ex);
                }

                Console.Error.WriteLine($"resuming from {statePath}: {string.Join(", ", resume.Finished)} finished");
            }

            var result = autoAttack.Evaluate(set.Images.Data, y, new AttackProgress(), resume: resume);
            foreach (string warning in result.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            NpyFile.Write(adversarialPath, result.Adversarial, n, session.Channels, session.Height, session.Width);
            string modelPath = Path.GetFullPath(r.GetRequiredValue(model.Model));
            var document = result.ToDocument(modelPath, Methods.Validation.DataFingerprint.FileSha256(modelPath), Methods.Validation.DataFingerprint.Sha256(set.Images.Data, y),
                (session.Passes.Forward, session.Passes.Gradient));
            File.WriteAllText(reportPath, JsonSerializer.Serialize(document, Indented));
            outputs.Commit();
            Console.Error.WriteLine($"clean accuracy {100 * result.Clean.Accuracy:F2} %, robust accuracy {100 * result.RobustAccuracy:F2} % [{100 * result.Stages.LastOrDefault(result.Clean).Lower:F2}, {100 * result.Stages.LastOrDefault(result.Clean).Upper:F2}] on {n} images, {result.Seconds:F1} s -> {r.GetRequiredValue(report)}");
            return 0;
        }));
        return command;
    }

    // A state file that is empty, not JSON or not a state is named as such (the resume cannot use it).
    private static AutoAttackState ReadState(string path)
    {
        try
        {
            return AutoAttackState.FromJson(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new Data.DataFormatException($"--state {path}", $"expected an AutoAttack state written by --state, found a file that is not one ({ex.Message}); delete it to start afresh.");
        }
    }

    // Progress inside each attack (per batch of --batch points still robust), a line at every tenth, on stderr.
    private sealed class AttackProgress : IProgress<(string Attack, int Done, int Total)>
    {
        private readonly Dictionary<string, (ProgressLog Log, int Shown)> _attacks = new(StringComparer.Ordinal);

        public void Report((string Attack, int Done, int Total) value)
        {
            var (log, shown) = _attacks.TryGetValue(value.Attack, out var known) ? known
                : (new ProgressLog($"{value.Attack.ToUpperInvariant()} on {value.Total} points still robust", value.Total, Console.Error), 0);
            log.Advance(value.Done - shown);
            _attacks[value.Attack] = (log, value.Done);
        }
    }
}
