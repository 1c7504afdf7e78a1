using System.CommandLine;
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
        var report = new Option<string?>("--report") { Description = "JSON: options, images, clean error, mean and maximum error, the map, and (DCT basis) the error per diagonal band." };
        return DiagnosticCommand.Create("heatmap",
            "Fourier heat map (Yin et al., NeurIPS 2019): the model's error rate when each Fourier (or DCT) basis image of L2 norm v is added to the test images; forward passes only, batched.",
            "fourier-heatmap",
            ".npy",
            "The map as float32 .npy [rows, columns]: the error rate under each basis perturbation (Fourier: zero frequency at the centre; DCT: (u, v) from the top-left).",
            "PNG of the map (and, for the DCT basis, the error per band).",
            run =>
            {
                var options = (FourierHeatMapOptions)run.Options;
                var heatmap = new FourierHeatMap(run.Session, options);
                int n = run.Labels.Length;
                var result = ConsoleUi.WithProgress($"Heat map of {n} images × {heatmap.DistinctCount} basis images", n, advance =>
                    heatmap.Evaluate(run.Data.Images.Data, run.Labels, progress: ConsoleUi.CountUp(advance)));
                NpyFile.Write(run.Output, result.Error.Select(e => (float)e).ToArray(), result.MapHeight, result.MapWidth);
                if (run.Extra.TryGetValue("--report", out string? reportPath))
                {
                    File.WriteAllText(reportPath, HeatMapReport.Json(result, options));
                }

                if (run.Plot is not null)
                {
                    Figures.FigureRenderer.Render(new HeatMapFigure([(run.ModelName, result)]), run.Plot);
                }

                return $"heat map [{result.MapHeight},{result.MapWidth}] of {n} images: clean error {result.CleanError:P2}, mean {result.MeanError:P2}, max {result.MaxError:P2}";
            },
            report);
    }
}
