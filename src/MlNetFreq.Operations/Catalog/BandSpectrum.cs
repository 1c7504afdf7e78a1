using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Spectra;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>spectrum</c>: one value per frequency band per image, computed in batches by the ML.NET band featurizer, written
/// as a CSV or Parquet table (the extension picks) with the labels beside each row when the source has them.
/// </summary>
public sealed class BandSpectrum : Operation<BandSpectrum.Rows>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<SpectrumSettings>("spectrum", MethodKind.Settings, "The bands and the statistic per band.");

    /// <inheritdoc />
    public override string Name => "spectrum";

    /// <inheritdoc />
    public override string Description => "Band spectra (one value per frequency band per image) of a whole data set, computed in batches by the ML.NET band featurizer.";

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool NeedsModel => false;

    /// <inheritdoc />
    public override bool TakesLabels => true;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
        [new("output", [".csv", ".parquet"], true, "Output table: .parquet or .csv with columns index, label (when known), band_0 … band_{K-1}.")];

    /// <summary>The featurizer's options for <paramref name="settings"/>.</summary>
    public static MlNetFreq.BandFeaturesOptions Featurizer(SpectrumSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new() { OutputColumnName = "Bands", InputColumnName = TensorDataView.ImageColumn, Layout = settings.Bands, Statistic = settings.Statistic, Backend = settings.Backend };
    }

    /// <inheritdoc />
    protected override Rows MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var set = new LabeledImages(new ImageTensor(slice.Images, slice.Shape), slice.Labels);
        var options = Featurizer((SpectrumSettings)slice.Settings!);
        int bands = BandSpectra.BandCount(set, options), written = 0;
        var values = new float[slice.Shape.N * bands];
        BandSpectra.Write(set, options, (index, _, block) =>
        {
            block.CopyTo(values.AsSpan(written * bands));
            written += index.Length;
        }, advance: n => slice.Progress?.Report(n));
        return new Rows(slice.Shape.N, bands, values, slice.Labels);
    }

    /// <inheritdoc />
    protected override Rows Add(Rows first, Rows second) =>
        new(first.Count + second.Count, first.Bands, [.. first.Values, .. second.Values], first.Labels is null ? null : [.. first.Labels, .. second.Labels!]);

    /// <inheritdoc />
    protected override void Write(Rows result, OperationWriter writer)
    {
        using var table = SpectrumTableWriter.Create(writer.Path("output"), result.Bands, result.Labels is not null);
        table.Add(Enumerable.Range(0, result.Count).ToArray(), result.Labels ?? [], result.Values);
    }

    /// <inheritdoc />
    protected override string Summarise(Rows result) => $"{result.Count} band spectra of {result.Bands} bands";

    /// <summary>Band values of consecutive images, [Count, Bands] row-major, and their labels when known.</summary>
    public sealed record Rows(int Count, int Bands, float[] Values, int[]? Labels);
}
