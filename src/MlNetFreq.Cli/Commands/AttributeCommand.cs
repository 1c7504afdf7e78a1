using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq attribute</c>: Occluded Frequency scores [N, bands] of a data set.</summary>
internal static class AttributeCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new DataOptions("Images to explain", labels: "Labels (needed by --target label)");
        var attribution = new MethodFlags(MethodRegistry.Get("occluded-frequency", typeof(OccludedFrequencyOptions)));
        var reference = ReferenceOption();
        var output = CliOptions.RequiredPath("--output", "Scores as float32 .npy [N, bands]: OF_c(k) = f_c(x) − f_c(x̃_k).");
        var plot = PlotOption();
        var command = new Command("attribute", "Occluded Frequency attribution (Wang et al.): how much the explained logit drops when each DCT band is occluded; batched through ONNX Runtime with a progress bar.")
        {
            reference, output, plot,
        };
        input.AddTo(command);
        attribution.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string scoresPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            string? plotDir = r.GetValue(plot);
            if (plotDir is not null)
            {
                StagedOutputs.CheckFolder("--plot", plotDir);
            }

            using var session = model.Open(r);
            var data = input.LoadFor(r, session);
            var options = (OccludedFrequencyOptions)attribution.Create(r) with
            {
                Reference = ReadReference(r.GetValue(reference)),
            };
            if (options.Target.NeedsLabels && data.Labels is null)
            {
                throw new ArgumentException("--target label: the input carries no labels; pass --labels Y.npy.");
            }

            var of = new OccludedFrequency(session, options);
            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"Occluded Frequency of {n} images × {of.Bands.Count} bands", n, advance =>
                of.Explain(data.Images.Data, n, data.Labels, ConsoleUi.CountUp(advance)));
            NpyFile.Write(scoresPath, result.Scores, n, result.Bands);
            var profile = AttributionProfile.From(result, data.Labels ?? result.TargetClasses, result.Classes);
            if (plotDir is not null)
            {
                Plot(plotDir, of, data, result, Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), name => outputs.Stage("--plot", name));
            }

            outputs.Commit();

            Console.Error.WriteLine($"scores [{n},{result.Bands}] -> {r.GetRequiredValue(output)}; high-frequency reliance {profile.HighFrequencyReliance:F3}");
            return 0;
        }));
        return command;
    }

    /// <summary>The --reference option of <c>attribute</c> (also of <c>cluster submit attribute</c>, whose job carries the image).</summary>
    internal static Option<string?> ReferenceOption() => new("--reference") { Description = "Reference image .npy (float32 [1,C,H,W] or [C,H,W]-sized) for --baseline reference, e.g. the data set's mean image." };

    /// <summary>The reference image's pixels, or null without --reference.</summary>
    internal static float[]? ReadReference(string? path) => path is null ? null : NpyFile.ReadImages(path).Data;

    /// <summary>The --plot option of <c>attribute</c> (also of <c>cluster submit attribute</c>).</summary>
    internal static Option<string?> PlotOption() => new("--plot") { Description = "Folder for PNG figures: the paper's Figure 4 for the first four images (image, OF bars, lowest-3 and top-3 bands removed) and Figure 1 (mean OF per band per class)." };

    /// <summary>
    /// The figures of <c>--plot</c> into <paramref name="folder"/>: Figure 4 for the first four images and the mean OF per
    /// band per class (grouped by label, or by target class without labels); <paramref name="stage"/> maps each file's
    /// path to where it is written first.
    /// </summary>
    internal static void Plot(string folder, OccludedFrequency of, LabeledImages data, AttributionResult result, string modelName, Func<string, string> stage)
    {
        int len = data.Images.Shape.ImageLength, n = result.Count;
        for (int i = 0; i < Math.Min(4, n); i++)
        {
            Figures.AttributionFigures.Example(stage(Path.Combine(folder, $"of-example-{i}.png")),
                global::MlNetFreq.Experiments.Figures.OccludedFrequencyExampleFigure.Create(of, data.Images.Data.AsSpan(i * len, len).ToArray(), result, i, $"image {i}"));
        }

        var profile = AttributionProfile.From(result, data.Labels ?? result.TargetClasses, result.Classes);
        Figures.AttributionFigures.ByClass(stage(Path.Combine(folder, "of-by-class.png")), [(modelName, profile)], data.ClassNames);
    }
}
