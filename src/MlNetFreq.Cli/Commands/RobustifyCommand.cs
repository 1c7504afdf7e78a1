using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Outputs;
using MlNetFreq.Data.Resumable;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Datasets;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq robustify</c>: a robust (or non-robust) data set by representation matching (Ilyas et al. 2019).</summary>
internal static class RobustifyCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var node = new Option<string?>("--node") { Description = "Tensor g whose values are matched (default: the input of the last Gemm/MatMul, the classifier's features)." };
        var input = new DataOptions("Images to match (starting points are drawn from the same set)", labels: "Labels; each generated image keeps the label of the image it matches");
        var output = CliOptions.RequiredPath("--output", "Generated images as float32 .npy [N,C,H,W]; the labels go beside it as <output>.labels.npy (int64).");
        var steps = new Option<int>("--steps") { Description = "Normalised-gradient steps per image.", DefaultValueFactory = _ => 100 };
        var stepSize = new Option<double>("--step-size") { Description = "L2 length of each step.", DefaultValueFactory = _ => 0.1 };
        var bound = new Option<double?>("--l2-bound") { Description = "Keep every image within this L2 distance of its starting image." };
        var normalize = new Option<bool>("--normalize-distance") { Description = "Minimise ‖g(z) − g(x)‖₂ / ‖g(x)‖₂ instead of ‖g(z) − g(x)‖₂." };
        var seed = new Option<int>("--seed") { Description = "Seed of the starting images.", DefaultValueFactory = _ => 0 };
        var chunk = new Option<int>("--chunk") { Description = "Images per chunk written to <output>.parts/; a rerun with the same settings resumes after the last finished chunk.", DefaultValueFactory = _ => 500 };
        var command = new Command("robustify", "Build a robust (robust model) or non-robust (natural model) data set: each image is re-synthesised from another image by matching the model's representation (the paper's Experiment II). Output is written in resumable chunks.")
        {
            node, output, steps, stepSize, bound, normalize, seed, chunk,
        };
        input.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string target = r.GetRequiredValue(output);
            StagedOutputs.CheckFolder("--output", Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".", target);
            // Both files are checked before the (long) matching: the images and the labels written beside them.
            OutputTarget.Check("--output", target, CommandLineInputs.All.Where(i => i.Option != "--output"), ".npy");
            OutputTarget.Check("--output", LabelsPathOf(target), CommandLineInputs.All, ".labels.npy");
            using var session = model.Open(r);
            var data = input.LoadFor(r, session);
            _ = data.Labels ?? throw new ArgumentException("--labels: the input carries no labels; pass --labels Y.npy.");
            var matching = new RepresentationMatching(session, r.GetValue(node))
            {
                Steps = r.GetValue(steps), StepSize = r.GetValue(stepSize), L2Bound = r.GetValue(bound), Normalize = r.GetValue(normalize), Seed = r.GetValue(seed),
            };
            matching.Validate(); // before any image is matched
            int chunkSize = r.GetValue(chunk);
            if (chunkSize < 1)
            {
                throw new ArgumentException($"--chunk: expected at least 1 image per chunk, found {chunkSize}.");
            }

            var settings = new Dictionary<string, string>
            {
                ["model_sha256"] = Methods.Validation.DataFingerprint.FileSha256(r.GetRequiredValue(model.Model)),
                ["normalize"] = r.GetValue(model.Normalize) ?? "", ["node"] = matching.Node, ["input"] = Path.GetFullPath(input.InputPath(r)!),
                ["images"] = data.Images.Shape.N.ToString(CultureInfo.InvariantCulture), ["steps"] = matching.Steps.ToString(CultureInfo.InvariantCulture),
                ["step_size"] = matching.StepSize.ToString("R", CultureInfo.InvariantCulture), ["l2_bound"] = matching.L2Bound?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                ["normalize_distance"] = matching.Normalize.ToString(), ["seed"] = matching.Seed.ToString(CultureInfo.InvariantCulture),
                ["chunk"] = chunkSize.ToString(CultureInfo.InvariantCulture),
            };
            string path = r.GetRequiredValue(output);
            var objective = Generate(matching, data, new ResumableParts(path, settings), chunkSize, path);
            Console.Error.WriteLine($"objective {objective[0]:G4} -> {objective[^1]:G4}; images -> {path}");
            return 0;
        }));
        return command;
    }

    /// <summary>Makes every missing chunk, then joins them into <paramref name="path"/> and its labels; returns the mean objective per step.</summary>
    private static double[] Generate(RepresentationMatching matching, LabeledImages data, ResumableParts chunks, int chunkSize, string path)
    {
        var s = data.Images.Shape;
        int n = s.N;
        var starts = Enumerable.Range(0, (n + chunkSize - 1) / chunkSize).Select(i => i * chunkSize).ToArray();
        var finished = starts.ToDictionary(first => first, first => chunks.Metadata<double[]>(first));
        int resumed = finished.Values.Count(o => o is not null);
        if (resumed > 0)
        {
            Console.Error.WriteLine($"resuming: {resumed} of {starts.Length} chunks already in {chunks.Folder}");
        }

        var objective = new double[matching.Steps + 1];
        ConsoleUi.WithProgress($"matching '{matching.Node}' for {n} images", n, advance =>
        {
            foreach (int first in starts)
            {
                int count = Math.Min(chunkSize, n - first);
                double[]? done = finished[first];
                if (done is null)
                {
                    // Generate reports rows done within the chunk, ending at count.
                    var (images, chunkObjective) = matching.Generate(data.Images.Data, n, first, count, ConsoleUi.CountUp(advance));
                    chunks.Save(first, images, [count, s.C, s.H, s.W], chunkObjective);
                    done = chunkObjective;
                }
                else
                {
                    advance(count);
                }

                for (int k = 0; k < objective.Length; k++)
                {
                    objective[k] += done[k] * count / n;
                }
            }

            return 0;
        });

        var all = new float[data.Images.Data.Length];
        foreach (int first in starts)
        {
            chunks.Values(first).CopyTo(all, first * s.ImageLength);
        }

        using (var outputs = new StagedOutputs())
        {
            NpyFile.Write(outputs.Stage("--output", path, ".npy"), all, n, s.C, s.H, s.W);
            NpyFile.Write(outputs.Stage("--output", LabelsPathOf(path), ".labels.npy"), DataOptions.LabelsOf(data).Select(v => (long)v).ToArray(), n);
            outputs.Commit();
        }

        chunks.Delete();
        return objective;
    }

    // The labels file written beside the images.
    private static string LabelsPathOf(string images) => Path.ChangeExtension(images, null) + ".labels.npy";
}
