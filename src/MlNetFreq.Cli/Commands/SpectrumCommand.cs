using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq spectrum</c>: batch scoring of band spectra of a whole data set through the ML.NET featurizer.</summary>
internal static class SpectrumCommand
{
    private const int BlockRows = 4096;

    public static Command Create()
    {
        var data = new DataOptions("Data set", labels: "Labels written beside each row (optional)");
        var output = CliOptions.RequiredPath("--output", "Output table: .parquet or .csv with columns index, label (when known), band_0 … band_{K-1}.");
        var bands = CliOptions.Bands();
        var statistic = new Option<BandStatistic>("--statistic")
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
        var backend = CliOptions.Backend();
        var command = new Command("spectrum", "Band spectra (one value per frequency band per image) of a whole data set, computed in batches by the ML.NET band featurizer, with a progress bar.")
        {
            output, bands, statistic, backend,
        };
        data.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string tablePath = outputs.Stage("--output", r.GetRequiredValue(output));
            var set = data.Load(r);
            int rows = Write(set, tablePath, new BandFeaturesOptions
            {
                OutputColumnName = "Bands", InputColumnName = TensorDataView.ImageColumn, Layout = r.GetValue(bands),
                Statistic = r.GetValue(statistic), Backend = r.GetValue(backend),
            });
            outputs.Commit();
            Console.Error.WriteLine($"wrote {rows} band spectra to {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    /// <summary>Scores every image and streams the band values to the output file; returns the rows written.</summary>
    public static int Write(Data.Tensors.LabeledImages set, string outputPath, BandFeaturesOptions options)
    {
        var view = new TensorDataView(set);
        var scored = new BandFeaturesTransformer(options).Transform(view);
        int bandCount = ((VectorDataViewType)scored.Schema["Bands"].Type).Size;
        bool hasLabels = set.Labels is not null;
        using var sink = SpectrumSinks.Create(outputPath, bandCount, hasLabels);
        return ConsoleUi.WithProgress($"band spectra of {set.Images.Shape.N} images", set.Images.Shape.N, advance =>
        {
            var columns = new List<DataViewSchema.Column> { scored.Schema["Bands"] };
            if (hasLabels)
            {
                columns.Add(scored.Schema[TensorDataView.LabelColumn]);
            }

            using var cursor = scored.GetRowCursor(columns);
            var values = cursor.GetGetter<VBuffer<float>>(scored.Schema["Bands"]);
            var label = hasLabels ? cursor.GetGetter<int>(scored.Schema[TensorDataView.LabelColumn]) : null;
            var index = new int[BlockRows];
            var labelBlock = new int[BlockRows];
            var block = new float[BlockRows * bandCount];
            VBuffer<float> buffer = default;
            int total = 0, inBlock = 0;
            while (cursor.MoveNext())
            {
                values(ref buffer);
                buffer.GetValues().CopyTo(block.AsSpan(inBlock * bandCount, bandCount)); // our featurizer always yields dense vectors
                label?.Invoke(ref labelBlock[inBlock]);
                index[inBlock] = total++;
                if (++inBlock == BlockRows)
                {
                    sink.Write(index, labelBlock, block);
                    advance(inBlock);
                    inBlock = 0;
                }
            }

            if (inBlock > 0)
            {
                sink.Write(index.AsSpan(0, inBlock), labelBlock.AsSpan(0, inBlock), block.AsSpan(0, inBlock * bandCount));
                advance(inBlock);
            }

            return total;
        });
    }
}
