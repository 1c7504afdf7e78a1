using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq attribute</c>: Occluded Frequency scores [N, bands] of a data set.</summary>
internal static class AttributeCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new DataOptions("Images to explain", labels: "Labels (needed by --target label)");
        var target = new Option<AttributionTarget>("--target")
        {
            Description = "Class explained: predicted (the model's prediction on the clean image, default), label, or a class index.",
            DefaultValueFactory = _ => AttributionTarget.Predicted,
            CustomParser = r => CliOptions.Choice(r, AttributionTarget.Parse),
        };
        var baseline = new Option<OcclusionBaseline>("--baseline")
        {
            Description = "What replaces an occluded band: zero (default), noise (Gaussian with the band's own standard deviation, seeded by --seed), reference (the band of --reference).",
            DefaultValueFactory = _ => OcclusionBaseline.Zero,
            CustomParser = r => CliOptions.Choice(r, v => v.ToLowerInvariant() switch
            {
                "zero" => OcclusionBaseline.Zero,
                "noise" => OcclusionBaseline.Noise,
                "reference" => OcclusionBaseline.Reference,
                _ => throw new ArgumentException($"--baseline: expected zero, noise or reference, found '{v}'."),
            }),
        };
        var reference = new Option<string?>("--reference") { Description = "Reference image .npy (float32 [1,C,H,W] or [C,H,W]-sized) for --baseline reference, e.g. the data set's mean image." };
        var bands = CliOptions.Bands();
        var cumulative = new Option<bool>("--cumulative") { Description = "Occlude every band ≤ k (a low-pass sweep) instead of band k alone." };
        var seed = new Option<int>("--seed") { Description = "Seed of the noise baseline.", DefaultValueFactory = _ => 0 };
        var output = CliOptions.RequiredPath("--output", "Scores as float32 .npy [N, bands]: OF_c(k) = f_c(x) − f_c(x̃_k).");
        var plot = new Option<string?>("--plot") { Description = "Folder for PNG figures: the paper's Figure 4 for the first four images (image, OF bars, lowest-3 and top-3 bands removed) and Figure 1 (mean OF per band per class)." };
        var command = new Command("attribute", "Occluded Frequency attribution (Wang et al.): how much the explained logit drops when each DCT band is occluded; batched through ONNX Runtime with a progress bar.")
        {
            target, baseline, reference, bands, cumulative, seed, output, plot,
        };
        input.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            var data = input.Load(r);
            var options = new OccludedFrequencyOptions
            {
                Target = r.GetValue(target)!, Baseline = r.GetValue(baseline), Bands = r.GetValue(bands), Cumulative = r.GetValue(cumulative), Seed = r.GetValue(seed),
                Reference = r.GetValue(reference) is { } path ? NpyFile.ReadImages(path).Data : null,
            };
            if (options.Target.NeedsLabels && data.Labels is null)
            {
                throw new ArgumentException("--target label: the input carries no labels; pass --labels Y.npy.");
            }

            var of = new OccludedFrequency(session, options);
            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"Occluded Frequency of {n} images × {of.Bands.Count} bands", n, advance =>
                of.Explain(data.Images.Data, n, data.Labels, ConsoleUi.CountUp(advance)));
            NpyFile.Write(r.GetRequiredValue(output), result.Scores, n, result.Bands);
            var profile = AttributionProfile.From(result, data.Labels ?? result.TargetClasses, result.Classes);
            if (r.GetValue(plot) is { } dir)
            {
                Directory.CreateDirectory(dir);
                int len = session.Channels * session.Height * session.Width;
                for (int i = 0; i < Math.Min(4, n); i++)
                {
                    Figures.AttributionFigures.Example(Path.Combine(dir, $"of-example-{i}.png"),
                        global::MlNetFreq.Experiments.Figures.OccludedFrequencyExampleFigure.Create(of, data.Images.Data.AsSpan(i * len, len).ToArray(), result, i, $"image {i}"));
                }

                Figures.AttributionFigures.ByClass(Path.Combine(dir, "of-by-class.png"), [(Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), profile)], data.ClassNames);
            }

            Console.Error.WriteLine($"scores [{n},{result.Bands}] -> {r.GetRequiredValue(output)}; high-frequency reliance {profile.HighFrequencyReliance:F3}");
            return 0;
        }));
        return command;
    }
}
