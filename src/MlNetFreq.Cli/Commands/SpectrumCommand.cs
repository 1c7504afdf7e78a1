using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Spectra;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq spectrum</c>: batch scoring of band spectra of a whole data set through the ML.NET featurizer.</summary>
internal static class SpectrumCommand
{
    public static Command Create()
    {
        var data = new DataOptions("Data set", labels: "Labels written beside each row (optional)");
        var output = CliOptions.RequiredPath("--output", "Output table: .parquet or .csv with columns index, label (when known), band_0 … band_{K-1}.");
        var flags = new SpectrumFlags();
        var command = new Command("spectrum", "Band spectra (one value per frequency band per image) of a whole data set, computed in batches by the ML.NET band featurizer, with a progress bar.")
        {
            output,
        };
        flags.AddTo(command);
        data.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string tablePath = outputs.Stage("--output", r.GetRequiredValue(output), ".csv", ".parquet");
            var set = data.Load(r);
            int rows = Write(set, tablePath, flags.Create(r));
            outputs.Commit();
            Console.Error.WriteLine($"wrote {rows} band spectra to {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    /// <summary>Scores every image and streams the band values to the output table; returns the rows written.</summary>
    public static int Write(Data.Tensors.LabeledImages set, string outputPath, BandFeaturesOptions options)
    {
        using var table = SpectrumTableWriter.Create(outputPath, BandSpectra.BandCount(set, options), set.Labels is not null);
        ConsoleUi.WithProgress($"band spectra of {set.Images.Shape.N} images", set.Images.Shape.N, advance =>
        {
            BandSpectra.Write(set, options, table.Add, advance: n => advance(n));
            return 0;
        });
        return (int)table.RowsWritten;
    }
}

/// <summary>The band options of <c>spectrum</c> (also taken by <c>cluster submit spectrum</c>).</summary>
internal sealed class SpectrumFlags
{
    private readonly Option<BandLayout> _bands = CliOptions.Bands();
    private readonly Option<DctBackendKind> _backend = CliOptions.Backend();
    private readonly Option<BandStatistic> _statistic = new("--statistic")
    {
        Description = "Per-band value: mean-abs (mean |DCT coefficient| over the band and all channels) or energy (sum of squared coefficients; sums to ||x||^2 over bands).",
        DefaultValueFactory = _ => BandStatistic.MeanAbsolute,
        CustomParser = r => CliOptions.Choice(r, v => v.ToLowerInvariant() switch
        {
            "mean-abs" => BandStatistic.MeanAbsolute,
            "energy" => BandStatistic.Energy,
            _ => throw new ArgumentException($"--statistic: expected mean-abs or energy, found '{v}'."),
        }),
    };

    public void AddTo(Command command)
    {
        command.Add(_bands);
        command.Add(_statistic);
        command.Add(_backend);
    }

    public BandFeaturesOptions Create(ParseResult r) => new()
    {
        OutputColumnName = "Bands", InputColumnName = TensorDataView.ImageColumn, Layout = r.GetValue(_bands),
        Statistic = r.GetValue(_statistic), Backend = r.GetValue(_backend),
    };
}
