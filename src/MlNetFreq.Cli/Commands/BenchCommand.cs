using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetFreq.Cli.Output;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;
using Spectre.Console;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq bench …</c>: timings of the hot paths after warm-up.</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks: time one operation after warm-up and print a table, or one JSON line with --json.")
    {
        CreateDct(),
    };

    private static Command CreateDct()
    {
        var batch = new Option<int>("--batch") { Description = "Images per batch (N).", DefaultValueFactory = _ => 1024 };
        var channels = new Option<int>("--channels") { Description = "Channels per image (C).", DefaultValueFactory = _ => 3 };
        var height = new Option<int>("--height") { Description = "Image height (H).", DefaultValueFactory = _ => 32 };
        var width = new Option<int>("--width") { Description = "Image width (W).", DefaultValueFactory = _ => 32 };
        var backend = CliOptions.Backend();
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after 5 warm-up runs.", DefaultValueFactory = _ => 30 };
        var json = CliOptions.Json();
        var command = new Command("dct", "Time the forward 2-D DCT of one random float32 [N,C,H,W] batch (default [1024,3,32,32]).")
        {
            batch, channels, height, width, backend, repeat, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var shape = new ImageBatchShape(r.GetValue(batch), r.GetValue(channels), r.GetValue(height), r.GetValue(width));
            shape.Validate("--batch/--channels/--height/--width");
            var rng = new Random(0);
            float[] x = Enumerable.Range(0, (int)shape.Length).Select(_ => rng.NextSingle()).ToArray();
            var y = new float[x.Length];
            using var dct = DctBackends.Create(r.GetValue(backend));
            var (median, min) = Timing.Measure(() => dct.Transform(x, y, shape, DctDirection.Forward), warmup: 5, repeat: r.GetValue(repeat));
            double imagesPerSecond = shape.N / (median / 1000.0);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["median_ms"] = Math.Round(median, 4), ["min_ms"] = Math.Round(min, 4),
                    ["images_per_s"] = Math.Round(imagesPerSecond, 1), ["backend"] = dct.Name,
                }));
            }
            else
            {
                var table = new Table().AddColumns("shape", "backend", "median ms", "min ms", "images/s", "GFLOP/s (matrix form)");
                double flops = 2.0 * shape.Planes * shape.PlaneLength * (shape.H + shape.W);
                table.AddRow(Markup.Escape(shape.ToString()), dct.Name, median.ToString("F3", CultureInfo.InvariantCulture), min.ToString("F3", CultureInfo.InvariantCulture),
                    imagesPerSecond.ToString("F0", CultureInfo.InvariantCulture), (flops / (median / 1000.0) / 1e9).ToString("F1", CultureInfo.InvariantCulture));
                ConsoleUi.Out.Write(table);
            }

            return 0;
        }));
        return command;
    }
}
