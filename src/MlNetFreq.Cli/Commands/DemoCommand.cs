using System.CommandLine;
using System.Globalization;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Experiments;
using MlNetFreq.Operations;
using MlNetFreq.Operations.Catalog;
using MlNetFreq.Spectral.Bands;
using Spectre.Console;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>mlnetfreq demo</c>: the main job on the shipped defaults: band spectra of the shipped Fashion-MNIST sample through
/// the ML.NET featurizer, written as a table; each class's share of spectral energy per band third and each shipped
/// model's accuracies and attribution (<see cref="Demo"/>, the library's version of the job).
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
        StagedOutputs.CheckFolder("--out", outDir);
        using var outputs = new StagedOutputs();
        string table = Path.Combine(outDir, "band-energy.csv");
        var spectrum = new BandSpectrum();
        var parameters = new OperationParameters(Settings: new SpectrumSettings { Statistic = BandStatistic.Energy });
        var bands = ConsoleUi.WithProgress($"band spectra of {set.Images.Shape.N} images", set.Images.Shape.N, advance => spectrum.Run(null, set, parameters, ConsoleUi.CountUp(advance)));
        spectrum.Write(bands, new OperationWriter(new Dictionary<string, string> { ["output"] = outputs.Stage("--out", table) }, "", parameters));

        var view = new Table().AddColumns("class", "images", "low bands", "middle bands", "high bands");
        foreach (var c in Demo.EnergyShares(set))
        {
            view.AddRow(Markup.Escape(c.ClassName), c.Images.ToString(CultureInfo.InvariantCulture), Percent(c.Low), Percent(c.Middle), Percent(c.High));
        }

        ConsoleUi.Out.Write(new Rule("Share of DCT energy per band third (Fashion-MNIST sample, 1,000 images)"));
        ConsoleUi.Out.Write(view);
        ConsoleUi.Out.WriteLine($"Band energies per image: {table}");
        ModelsReport(set, outDir, outputs);
        outputs.Commit();
        return 0;
    }

    // Every shipped model: clean accuracy, PGD robust accuracy and where its Occluded Frequency attribution lies.
    private static void ModelsReport(Data.Tensors.LabeledImages set, string outDir, StagedOutputs outputs)
    {
        string manifest = ShippedFiles.Find(Path.Combine("models", "models.json"));
        var entries = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("dataset").GetString() == "fashion-mnist")
            .Select(m => (Name: m.GetProperty("name").GetString()!, File: m.GetProperty("file").GetString()!)).ToArray();
        var rows = ConsoleUi.WithProgress("evaluating the shipped models", entries.Length, advance => entries.Select(e =>
        {
            using var session = Onnx.Sessions.ModelSession.Load(ShippedFiles.Find(Path.Combine("models", e.File)));
            var result = Demo.EvaluateModel(e.Name, session, set);
            advance(1);
            return result;
        }).ToArray());

        var view = new Table().AddColumns("model", $"clean accuracy ({set.Images.Shape.N})", $"PGD L∞ ε=0.1 robust accuracy ({rows[0].Attacked})", $"high-frequency reliance of OF ({rows[0].Explained})");
        foreach (var r in rows)
        {
            view.AddRow(r.Model, Percent(r.CleanAccuracy), Percent(r.RobustAccuracy), r.HighFrequencyReliance.ToString("F3", CultureInfo.InvariantCulture));
        }

        ConsoleUi.Out.Write(new Rule("Shipped models on the sample"));
        ConsoleUi.Out.Write(view);
        string summary = Path.Combine(outDir, "models.json");
        File.WriteAllText(outputs.Stage("--out", summary), System.Text.Json.JsonSerializer.Serialize(rows.Select(r => new
        {
            // Rounded to what the sample can tell (1,000 images: a tenth of a per cent), not float noise such as 0.6799999999999999.
            model = r.Model, clean_accuracy = Math.Round(r.CleanAccuracy, 6), pgd_linf_0_1_robust_accuracy = Math.Round(r.RobustAccuracy, 6),
            high_frequency_reliance = Math.Round(r.HighFrequencyReliance, 6),
        })));
        ConsoleUi.Out.WriteLine($"Model summary: {summary}");
    }

    private static string Percent(double v) => (100 * v).ToString("F3", CultureInfo.InvariantCulture) + " %";
}
