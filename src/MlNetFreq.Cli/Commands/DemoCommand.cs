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
        var command = new Command("demo", "Run the main job on the shipped sample data (1,000 Fashion-MNIST test images): band spectra and per-class energy shares.")
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
                sums[label, Math.Min(2, 3 * k / bandsCount)] += double.Parse(f[2 + k], CultureInfo.InvariantCulture);
            }
        }

        var view = new Table().AddColumns("class", "low bands", "middle bands", "high bands");
        for (int c = 0; c < 10; c++)
        {
            double total = sums[c, 0] + sums[c, 1] + sums[c, 2];
            view.AddRow(FashionMnistClasses[c], Percent(sums[c, 0] / total), Percent(sums[c, 1] / total), Percent(sums[c, 2] / total));
        }

        ConsoleUi.Out.Write(new Rule("Share of DCT energy per band third (Fashion-MNIST sample, 1,000 images)"));
        ConsoleUi.Out.Write(view);
        ConsoleUi.Out.WriteLine($"Band energies per image: {table}");
        return 0;
    }

    private static string Percent(double v) => (100 * v).ToString("F3", CultureInfo.InvariantCulture) + " %";

    private static readonly string[] FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}
