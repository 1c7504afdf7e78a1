using System.CommandLine;
using System.Text.Json;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Experiments.Figures;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq heatmap</c>: the Fourier heat map (Yin et al. 2019) of a model on labelled images.</summary>
internal static class HeatmapCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var input = new DataOptions("Test images", labels: "Labels");
        var method = new MethodFlags(MethodRegistry.Get("fourier-heatmap", typeof(FourierHeatMapOptions)));
        var output = CliOptions.RequiredPath("--output", "The map as float32 .npy [rows, columns]: the error rate under each basis perturbation (Fourier: zero frequency at the centre; DCT: (u, v) from the top-left).");
        var report = new Option<string?>("--report") { Description = "JSON: options, images, clean error, mean and maximum error, the map, and (DCT basis) the error per diagonal band." };
        var plot = new Option<string?>("--plot") { Description = "PNG of the map (and, for the DCT basis, the error per band)." };
        var command = new Command("heatmap", "Fourier heat map (Yin et al., NeurIPS 2019): the model's error rate when each Fourier (or DCT) basis image of L2 norm v is added to the test images; forward passes only, batched.")
        {
            output, report, plot,
        };
        input.AddTo(command);
        method.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string mapPath = outputs.Stage("--output", r.GetRequiredValue(output));
            string? reportPath = r.GetValue(report) is { } rp ? outputs.Stage("--report", rp) : null;
            string? plotPath = r.GetValue(plot) is { } pp ? outputs.Stage("--plot", pp) : null;
            using var session = model.Open(r);
            var data = input.LoadFor(r, session);
            var options = (FourierHeatMapOptions)method.Create(r);
            var heatmap = new FourierHeatMap(session, options);
            int n = data.Images.Shape.N;
            var result = ConsoleUi.WithProgress($"Heat map of {n} images × {heatmap.DistinctCount} basis images", n, advance =>
                heatmap.Evaluate(data.Images.Data, DataOptions.LabelsOf(data), progress: ConsoleUi.CountUp(advance)));
            NpyFile.Write(mapPath, result.Error.Select(e => (float)e).ToArray(), result.MapHeight, result.MapWidth);
            if (reportPath is not null)
            {
                File.WriteAllText(reportPath, JsonSerializer.Serialize(Report(result, options), CliOptions.IndentedJson));
            }

            if (plotPath is not null)
            {
                Figures.FigureRenderer.Render(new HeatMapFigure([(Path.GetFileNameWithoutExtension(r.GetRequiredValue(model.Model)), result)]), plotPath);
            }

            outputs.Commit();
            Console.Error.WriteLine($"heat map [{result.MapHeight},{result.MapWidth}] of {n} images: clean error {result.CleanError:P2}, mean {result.MeanError:P2}, max {result.MaxError:P2} -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    public static Dictionary<string, object?> Report(HeatMapResult result, FourierHeatMapOptions options) => new()
    {
        ["options"] = JsonSerializer.SerializeToElement<MethodOptions>(options, CliOptions.IndentedJson),
        ["images"] = result.Images,
        ["clean_error"] = result.CleanError,
        ["mean_error"] = result.MeanError,
        ["max_error"] = result.MaxError,
        ["rows"] = result.MapHeight,
        ["columns"] = result.MapWidth,
        ["map"] = result.Error,
        ["band_error"] = result.BandError,
    };
}
