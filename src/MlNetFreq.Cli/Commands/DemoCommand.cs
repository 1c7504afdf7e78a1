using System.CommandLine;
using System.Globalization;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;
using Spectre.Console;
using MlNetFreq.Cli.Output;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>mlnetfreq demo</c>: the main job on the shipped defaults. Today: band spectra of the shipped Fashion-MNIST
/// sample through the ML.NET featurizer, written as a table, with each class's share of spectral energy in the
/// low, middle and high thirds of the bands.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for the demo's outputs.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var command = new Command("demo", "Run the main job on the shipped sample data (1,000 Fashion-MNIST test images) and models: band spectra and per-class energy shares; each model's clean accuracy, PGD robust accuracy and Occluded Frequency high-frequency reliance.")
        {
            outDir,
        };
        command.SetAction(r => CommandRunner.Run(() => Run(r.GetRequiredValue(outDir))));
        return command;
    }

    private static int Run(string outDir)
    {
        string images = ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-images.npy"));
        string labels = ShippedFiles.Find(Path.Combine("samples", "data", "fmnist-test-1000-labels.npy"));
        var set = DataSources.Load(images, labels);
        Directory.CreateDirectory(outDir);
        string table = Path.Combine(outDir, "band-energy.csv");
        SpectrumCommand.Write(set, table, new BandFeaturesOptions
        {
            OutputColumnName = "Bands", InputColumnName = "Image", Statistic = BandStatistic.Energy,
        });

        // Per class: share of Σ energy in the low / middle / high thirds of the 55 diagonal bands.
        var bandsCount = FrequencyBands.Create(set.Images.Shape.H, set.Images.Shape.W).Count;
        var sums = new double[10, 3];
        foreach (string line in File.ReadLines(table).Skip(1))
        {
            string[] f = line.Split(',');
            int label = int.Parse(f[1], CultureInfo.InvariantCulture);
            for (int k = 0; k < bandsCount; k++)
            {
                sums[label, FrequencyBands.ThirdOf(k, bandsCount)] += double.Parse(f[2 + k], CultureInfo.InvariantCulture);
            }
        }

        var view = new Table().AddColumns("class", "low bands", "middle bands", "high bands");
        for (int c = 0; c < 10; c++)
        {
            double total = sums[c, 0] + sums[c, 1] + sums[c, 2];
            view.AddRow(ClassNames.FashionMnist[c], Percent(sums[c, 0] / total), Percent(sums[c, 1] / total), Percent(sums[c, 2] / total));
        }

        ConsoleUi.Out.Write(new Rule("Share of DCT energy per band third (Fashion-MNIST sample, 1,000 images)"));
        ConsoleUi.Out.Write(view);
        ConsoleUi.Out.WriteLine($"Band energies per image: {table}");
        ModelsReport(set, outDir);
        return 0;
    }

    // Every shipped model: clean accuracy, PGD robust accuracy and where its Occluded Frequency attribution lies.
    private static void ModelsReport(Data.Tensors.LabeledImages set, string outDir)
    {
        string manifest = ShippedFiles.Find(Path.Combine("models", "models.json"));
        var entries = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("dataset").GetString() == "fashion-mnist")
            .Select(m => (Name: m.GetProperty("name").GetString()!, File: m.GetProperty("file").GetString()!)).ToArray();
        const int attacked = 200, explained = 100;
        var rows = ConsoleUi.WithProgress("evaluating the shipped models", entries.Length, advance => entries.Select(e =>
        {
            using var session = Onnx.Sessions.ModelSession.Load(ShippedFiles.Find(Path.Combine("models", e.File)));
            int n = set.Images.Shape.N, len = set.Images.Shape.ImageLength;
            float[] logits = session.Forward(set.Images.Data, n);
            double clean = Onnx.Losses.Logits.Accuracy(logits, set.Labels, session.Classes);
            var pgd = new Methods.Attacks.Pgd(session, new Methods.Attacks.PgdOptions { Eps = 0.1, Alpha = 0.025, Steps = 10, RandomStart = false })
                .Run(set.Images.Data.AsSpan(0, attacked * len), set.Labels.AsSpan(0, attacked));
            var of = new Methods.Attribution.OccludedFrequency(session).Explain(set.Images.Data.AsSpan(0, explained * len), explained);
            var profile = Methods.Attribution.AttributionProfile.From(of, set.Labels.AsSpan(0, explained), 10);
            advance(1);
            return (e.Name, Clean: clean, Robust: 1 - pgd.SuccessRate, Reliance: profile.HighFrequencyReliance);
        }).ToArray());

        var view = new Table().AddColumns("model", "clean accuracy (1,000)", $"PGD L∞ ε=0.1 robust accuracy ({attacked})", $"high-frequency reliance of OF ({explained})");
        foreach (var r in rows)
        {
            view.AddRow(r.Name, Percent(r.Clean), Percent(r.Robust), r.Reliance.ToString("F3", CultureInfo.InvariantCulture));
        }

        ConsoleUi.Out.Write(new Rule("Shipped models on the sample"));
        ConsoleUi.Out.Write(view);
        string summary = Path.Combine(outDir, "models.json");
        File.WriteAllText(summary, System.Text.Json.JsonSerializer.Serialize(rows.Select(r => new
        {
            model = r.Name, clean_accuracy = r.Clean, pgd_linf_0_1_robust_accuracy = r.Robust, high_frequency_reliance = r.Reliance,
        })));
        ConsoleUi.Out.WriteLine($"Model summary: {summary}");
    }

    private static string Percent(double v) => (100 * v).ToString("F3", CultureInfo.InvariantCulture) + " %";
}
