using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetFreq.Cli.Output;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Onnx.Sessions;
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
        CreateGradient(),
        CreateAttribute(),
        CreateHeatmap(),
        CreateCorruption(),
        CreateAttack(),
        CreateAutoAttack(),
    };

    private static Command CreateAutoAttack()
    {
        var model = new ModelOptions();
        var flags = new MethodFlags(MethodRegistry.Get("autoattack", typeof(AttackOptions)));
        var data = new DataOptions("Test images (real ones: how many stay robust decides the work)", labels: "True labels");
        var batch = new Option<int>("--batch") { Description = "Images attacked together.", DefaultValueFactory = _ => 256 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs of the ensemble (no warm-up run: it is long; the pass timings warm up).", DefaultValueFactory = _ => 1 };
        var json = CliOptions.Json();
        var command = new Command("autoattack", "Run the AutoAttack ensemble on real images and relate its wall time to the model's own cost: efficiency = (the ONNX Runtime runs it made, each priced at the time of such a run at its batch size, timed afterwards) ÷ wall time; efficiency_at_full_batch prices every image at the per-image cost of a full --batch; stage_efficiency gives each attack's efficiency, in-runs share and seconds; in_runs_share is the part of the wall time spent inside ONNX Runtime's runs (the rest is the attacks' own work).")
        {
            batch, repeat, json,
        };
        data.AddTo(command);
        model.AddTo(command);
        flags.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            var set = data.LoadFor(r, session);
            int[] y = DataOptions.LabelsOf(set);
            int n = set.Images.Shape.N, b = Math.Min(BatchSize(r, batch), n), len = session.Channels * session.Height * session.Width;
            var options = (AutoAttackOptions)flags.Create(r);
            session.Passes.Reset();
            AutoAttackReport? last = null;

            // Each attack's wall time and runs, from the previous attack's end (the first includes the clean pass and the
            // sanity checks), summed over the repeats: where the ensemble loses time beside the model shows per attack.
            var stages = new List<(string Attack, TimeSpan Wall, TimeSpan InRuns, IReadOnlyDictionary<int, long> Forward, IReadOnlyDictionary<int, long> Gradient)>();
            void Evaluate()
            {
                var attack = new AutoAttack(session, options) { MaxBatchSize = b };
                long since = System.Diagnostics.Stopwatch.GetTimestamp();
                var forwardBefore = session.Passes.ForwardRuns;
                var gradientBefore = session.Passes.GradientRuns;
                var inRunsBefore = session.Passes.InRuns;
                attack.AttackFinished = state =>
                {
                    var forwardNow = session.Passes.ForwardRuns;
                    var gradientNow = session.Passes.GradientRuns;
                    var inRunsNow = session.Passes.InRuns;
                    stages.Add((state.Finished[^1], System.Diagnostics.Stopwatch.GetElapsedTime(since), inRunsNow - inRunsBefore, Minus(forwardNow, forwardBefore), Minus(gradientNow, gradientBefore)));
                    (since, forwardBefore, gradientBefore, inRunsBefore) = (System.Diagnostics.Stopwatch.GetTimestamp(), forwardNow, gradientNow, inRunsNow);
                };
                last = attack.Evaluate(set.Images.Data, y);
            }

            var (median, _) = Timing.Measure(Evaluate, warmup: 0, repeat: r.GetValue(repeat));
            int runs = r.GetValue(repeat);
            double forward = session.Passes.Forward / (double)runs, gradient = session.Passes.Gradient / (double)runs;
            double inRunsMs = session.Passes.InRuns.TotalMilliseconds / runs;
            var forwardRuns = session.Passes.ForwardRuns;
            var gradientRuns = session.Passes.GradientRuns;
            // The model's own cost of those passes: each ONNX Runtime run priced at its batch size (timed at powers of two
            // and the full batch, interpolated between them; small batches cost more per image), on real images, afterwards.
            int[] sizes = RunCostModel.Sizes(b);
            var forwardMs = new double[sizes.Length];
            var gradientMs = new double[sizes.Length];
            for (int i = 0; i < sizes.Length; i++)
            {
                int m = sizes[i];
                var x = set.Images.Data.AsSpan(0, m * len).ToArray();
                int[] labels = y.AsSpan(0, m).ToArray();
                gradientMs[i] = Timing.Measure(() => session.CrossEntropyGradient(x, m, labels), warmup: 2, repeat: 5).MedianMs;
                forwardMs[i] = Timing.Measure(() => session.Forward(x, m), warmup: 2, repeat: 5).MedianMs;
            }

            var cost = new RunCostModel(sizes, forwardMs, gradientMs);
            double Priced(IReadOnlyDictionary<int, long> forwardRuns, IReadOnlyDictionary<int, long> gradientRuns) => cost.Price(forwardRuns, gradientRuns);

            double modelMs = Priced(forwardRuns, gradientRuns) / runs;
            string stageEfficiency = string.Join(" ", stages.GroupBy(s => s.Attack).Select(g =>
                FormattableString.Invariant($"{g.Key}:{g.Sum(s => Priced(s.Forward, s.Gradient)) / g.Sum(s => s.Wall.TotalMilliseconds):F3}/{g.Sum(s => s.InRuns.TotalMilliseconds) / g.Sum(s => s.Wall.TotalMilliseconds):F3}/{g.Sum(s => s.Wall.TotalSeconds) / runs:F1}s")));
            double fullBatchMs = forward * forwardMs[^1] / b + gradient * gradientMs[^1] / b;
            Report(r.GetValue(json), new Dictionary<string, object>
            {
                ["median_ms"] = Math.Round(median, 1), ["passes_forward"] = (long)forward, ["passes_backward"] = (long)gradient,
                ["runs_forward"] = forwardRuns.Values.Sum() / runs, ["runs_backward"] = gradientRuns.Values.Sum() / runs,
                ["forward_ms_per_image"] = Math.Round(forwardMs[^1] / b, 4), ["gradient_ms_per_image"] = Math.Round(gradientMs[^1] / b, 4),
                ["model_ms"] = Math.Round(modelMs, 1), ["efficiency"] = Math.Round(modelMs / median, 3),
                ["in_runs_ms"] = Math.Round(inRunsMs, 1), ["in_runs_share"] = Math.Round(inRunsMs / median, 3),
                ["efficiency_at_full_batch"] = Math.Round(fullBatchMs / median, 3), ["stage_efficiency"] = stageEfficiency,
                ["images"] = n, ["clean_accuracy"] = last!.Clean.Accuracy, ["robust_accuracy"] = last.RobustAccuracy,
                ["log"] = string.Join(" ", last.Stages.Select(s => $"{s.Attack}:{s.Accuracy:F4}")), ["warnings"] = last.Warnings.Count,
                ["batch"] = b, ["threads"] = session.IntraOpThreads,
            });
            return 0;
        }));
        return command;
    }

    // Runs by batch size in `now` that were not yet in `before`.
    private static Dictionary<int, long> Minus(IReadOnlyDictionary<int, long> now, IReadOnlyDictionary<int, long> before) =>
        now.Select(p => (p.Key, Runs: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Runs > 0).ToDictionary(p => p.Key, p => p.Runs);

    private static Command CreateAttack()
    {
        var model = new ModelOptions();
        var attack = new MethodFlags(new global::MlNetFreq.Operations.Catalog.AttackImages().Methods!);
        var batch = new Option<int>("--batch") { Description = "Images attacked together.", DefaultValueFactory = _ => 64 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after one warm-up run.", DefaultValueFactory = _ => 5 };
        var json = CliOptions.Json();
        var command = new Command("attack", "Time one full attack of one random batch (e.g. --method pgd --steps 10) after warm-up; in_runs_share is the part of the wall time spent inside ONNX Runtime's runs.") { batch, repeat, json };
        model.AddTo(command);
        attack.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            int n = BatchSize(r, batch);
            float[] x = RandomPixels(n * session.Channels * session.Height * session.Width, seed: 0);
            int[] labels = Enumerable.Range(0, n).Select(i => i % session.Classes).ToArray();
            var method = ((AttackOptions)attack.Create(r)).Create(session);
            method.MaxBatchSize = Math.Max(n, 1);
            // The warm-up run, outside the measure: it also builds the gradient sessions, which are not part of an attack's share.
            method.Run(x, labels);
            session.Passes.Reset();
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var (median, min) = Timing.Measure(() => method.Run(x, labels), warmup: 0, repeat: r.GetValue(repeat));
            // Over the timed runs: the part of the wall time spent inside ONNX Runtime's runs.
            double inRuns = session.Passes.InRuns / System.Diagnostics.Stopwatch.GetElapsedTime(started);
            Report(r.GetValue(json), new Dictionary<string, object>
            {
                ["median_ms"] = Math.Round(median, 3), ["min_ms"] = Math.Round(min, 3), ["in_runs_share"] = Math.Round(inRuns, 3),
                ["batch"] = n, ["threads"] = session.IntraOpThreads,
            });
            return 0;
        }));
        return command;
    }

    private static Command CreateAttribute()
    {
        var model = new ModelOptions();
        var batch = new Option<int>("--batch") { Description = "Images explained per timed run.", DefaultValueFactory = _ => 64 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after one warm-up run.", DefaultValueFactory = _ => 3 };
        var mlnetImages = new Option<int>("--mlnet-images") { Description = "Images scored through ML.NET's ApplyOnnxModel (one row at a time) for the baseline; 0 skips it.", DefaultValueFactory = _ => 2 };
        var json = CliOptions.Json();
        var command = new Command("attribute", "Time Occluded Frequency attribution of random images against plain batched inference of the same model (the bound is forward_images_per_s / (bands + 1)) and against scoring the occluded images with ML.NET's ApplyOnnxModel, one row at a time.")
        {
            batch, repeat, mlnetImages, json,
        };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            int n = BatchSize(r, batch);

            var of = new Methods.Attribution.OccludedFrequency(session);
            int variants = of.Bands.Count + 1, len = session.Channels * session.Height * session.Width;
            float[] x = RandomPixels(n * len, seed: 0);
            float[] many = RandomPixels(n * variants * len, seed: 1);
            var (ofMs, _) = Timing.Measure(() => of.Explain(x, n), warmup: 1, repeat: r.GetValue(repeat));
            var (forwardMs, _) = Timing.Measure(() => session.Forward(many, n * variants), warmup: 1, repeat: r.GetValue(repeat));
            double ours = n / (ofMs / 1000), forward = n * variants / (forwardMs / 1000), bound = forward / variants;
            var values = new Dictionary<string, object>
            {
                ["images_per_s"] = Math.Round(ours, 2), ["forward_images_per_s"] = Math.Round(forward, 1),
                ["bound_images_per_s"] = Math.Round(bound, 2), ["ratio_to_bound"] = Math.Round(ours / bound, 3), ["bands"] = of.Bands.Count, ["batch"] = n, ["threads"] = session.IntraOpThreads,
            };
            int m = r.GetValue(mlnetImages);
            if (m > 0)
            {
                double mlnet = MlNetOnnxBaseline.ImagesPerSecond(r.GetRequiredValue(model.Model), session, x.AsSpan(0, Math.Min(m, n) * len).ToArray(), Math.Min(m, n), variants);
                values["mlnet_applyonnx_images_per_s"] = Math.Round(mlnet, 3);
                values["speedup_vs_mlnet"] = Math.Round(ours / mlnet, 1);
            }

            Report(r.GetValue(json), values);
            return 0;
        }));
        return command;
    }

    private static Command CreateHeatmap()
    {
        var model = new ModelOptions();
        var batch = new Option<int>("--batch") { Description = "Images mapped per timed run.", DefaultValueFactory = _ => 32 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after one warm-up run.", DefaultValueFactory = _ => 3 };
        var basis = new Option<string>("--basis") { Description = "fourier or dct.", DefaultValueFactory = _ => "fourier" };
        var json = CliOptions.Json();
        var command = new Command("heatmap", "Time the Fourier heat map of random images against plain batched inference of the same model at the heat map's batch size (the bound is forward_images_per_s / (distinct frequencies + 1)).")
        {
            batch, repeat, basis, json,
        };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            int n = BatchSize(r, batch);
            var options = new FourierHeatMapOptions { Basis = MethodFlags.Flagged(() => (SpectralBasis)MethodRegistry.Get("fourier-heatmap", typeof(FourierHeatMapOptions)).Option("basis")!.Parse(r.GetValue(basis)!)!) };
            var heatmap = new Methods.Diagnostics.FourierHeatMap(session, options);
            int len = session.Channels * session.Height * session.Width, variants = heatmap.DistinctCount + 1;
            float[] x = RandomPixels(n * len, seed: 0);
            int[] labels = Enumerable.Range(0, n).Select(i => i % session.Classes).ToArray();
            float[] full = RandomPixels(options.MaxBatchSize * len, seed: 1);
            var (mapMs, _) = Timing.Measure(() => heatmap.Evaluate(x, labels), warmup: 1, repeat: r.GetValue(repeat));
            var (forwardMs, _) = Timing.Measure(() => session.Forward(full, options.MaxBatchSize), warmup: 1, repeat: Math.Max(3, r.GetValue(repeat)));
            double ours = n / (mapMs / 1000), forward = options.MaxBatchSize / (forwardMs / 1000), bound = forward / variants;
            Report(r.GetValue(json), new Dictionary<string, object>
            {
                ["images_per_s"] = Math.Round(ours, 3), ["forward_images_per_s"] = Math.Round(forward, 1), ["bound_images_per_s"] = Math.Round(bound, 3),
                ["ratio_to_bound"] = Math.Round(ours / bound, 3), ["distinct_frequencies"] = heatmap.DistinctCount, ["batch"] = n, ["forward_batch"] = options.MaxBatchSize,
                ["threads"] = session.IntraOpThreads,
            });
            return 0;
        }));
        return command;
    }

    private static Command CreateCorruption()
    {
        var data = new DataOptions("Images to corrupt (timings depend on the size, not the content, except JPEG's and fog's slightly)");
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after one warm-up run.", DefaultValueFactory = _ => 3 };
        var json = CliOptions.Json();
        var command = new Command("corruption", "Time every corruption at severity 3 on the images: images per second per corruption, on all cores.")
        {
            repeat, json,
        };
        data.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var set = data.Load(r);
            var shape = set.Images.Shape;
            var values = new Dictionary<string, object> { ["images"] = shape.N, ["shape"] = $"{shape.C}x{shape.H}x{shape.W}", ["threads"] = Environment.ProcessorCount };
            foreach (var d in MethodRegistry.All.Where(d => d.Kind == MethodKind.Corruption))
            {
                var corruption = ((CorruptionOptions)d.With(d.CreateDefault(), [new("severity", 3)])).Create();
                if (corruption.NotApplicable(shape.C) is not null)
                {
                    continue;
                }

                var (ms, _) = Timing.Measure(() => corruption.Apply(set.Images.Data, shape), warmup: 1, repeat: r.GetValue(repeat));
                values[d.Name + "_images_per_s"] = Math.Round(shape.N / (ms / 1000), 1);
            }

            Report(r.GetValue(json), values);
            return 0;
        }));
        return command;
    }

    private static Command CreateGradient()
    {
        var model = new ModelOptions();
        var batch = new Option<int>("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => 64 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions after 3 warm-up runs.", DefaultValueFactory = _ => 10 };
        var json = CliOptions.Json();
        var profile = new Option<bool>("--profile") { Description = "Also profile gradient runs with ONNX Runtime (a fresh session: 3 warm-up runs, then 5 profiled) and print milliseconds per operator kind, forward vs backward nodes (shares; totals include the profiler's overhead)." };
        var command = new Command("gradient", "Time forward + input gradient of Σ cross-entropy (one ONNX Runtime run, seed computed in the graph) for one random batch, and the forward pass alone, after warm-up.")
        {
            batch, repeat, json, profile,
        };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            int n = BatchSize(r, batch);

            float[] x = RandomPixels(n * session.Channels * session.Height * session.Width, seed: 0);
            int[] labels = Enumerable.Range(0, n).Select(i => i % session.Classes).ToArray();
            var (median, min) = Timing.Measure(() => session.CrossEntropyGradient(x, n, labels), warmup: 3, repeat: r.GetValue(repeat));
            var (forwardMedian, _) = Timing.Measure(() => session.Forward(x, n), warmup: 3, repeat: r.GetValue(repeat));
            Report(r.GetValue(json), new Dictionary<string, object>
            {
                ["median_ms"] = Math.Round(median, 3), ["min_ms"] = Math.Round(min, 3), ["forward_median_ms"] = Math.Round(forwardMedian, 3), ["batch"] = n,
                ["threads"] = session.IntraOpThreads,
            });
            if (r.GetValue(profile))
            {
                PrintProfile(model, r, x, labels, n);
            }

            return 0;
        }));
        return command;
    }

    private static void PrintProfile(ModelOptions model, ParseResult r, float[] x, int[] labels, int n)
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"mlnetfreq-profile-{Environment.ProcessId}");
        const int WarmupRuns = 3, ProfiledRuns = 5;
        using var session = model.Open(r, prefix);
        for (int i = 0; i < WarmupRuns + ProfiledRuns; i++)
        {
            session.CrossEntropyGradient(x, n, labels);
        }

        var files = session.EndProfiling();
        var table = new Table().AddColumns("phase", "operator", "ms per gradient run");
        foreach (var (phase, op, ms) in Onnx.Sessions.OrtProfile.Summarise(files[^1], WarmupRuns))
        {
            table.AddRow(phase, op, ms.ToString("F2", CultureInfo.InvariantCulture));
        }

        ConsoleUi.Error.Write(table);
        foreach (string f in files)
        {
            File.Delete(f);
        }
    }

    /// <summary>The --batch value, which must be at least one image.</summary>
    private static int BatchSize(ParseResult r, Option<int> batch)
    {
        int n = r.GetValue(batch);
        return n >= 1 ? n : throw new ArgumentException($"--batch: expected at least 1 image, found {n}.");
    }

    /// <summary>Seeded uniform pixels in [0, 1): benchmark inputs (timings do not depend on the values).</summary>
    private static float[] RandomPixels(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = rng.NextSingle();
        }

        return x;
    }

    private static void Report(bool json, Dictionary<string, object> values)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(values));
            return;
        }

        var table = new Table().AddColumns(values.Keys.Select(k => Markup.Escape(k)).ToArray());
        table.AddRow(values.Values.Select(v => Markup.Escape(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")).ToArray());
        ConsoleUi.Out.Write(table);
    }

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
            float[] x = RandomPixels((int)shape.Length, seed: 0);
            var y = new float[x.Length];
            using var dct = DctBackends.Create(r.GetValue(backend));
            var (median, min) = Timing.Measure(() => dct.Transform(x, y, shape, DctDirection.Forward), warmup: 5, repeat: r.GetValue(repeat));
            double imagesPerSecond = shape.N / (median / 1000.0);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["median_ms"] = Math.Round(median, 4), ["min_ms"] = Math.Round(min, 4),
                    ["images_per_s"] = Math.Round(imagesPerSecond, 1), ["backend"] = dct.Name, ["threads"] = Environment.ProcessorCount,
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
