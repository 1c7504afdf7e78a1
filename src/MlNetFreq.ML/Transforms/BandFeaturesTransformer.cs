using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds one value per frequency band (mean |DCT coefficient| or energy, over all channels) as Single[bands]:
/// a compact spectral feature vector for stock ML.NET trainers.
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; input a known-size Single vector with dimensions (C, H, W);
/// output Single[bands] (63 diagonal bands for 32×32); persisted with <see cref="MlNetFreqModel"/>.
/// </remarks>
public sealed class BandFeaturesTransformer : ImageColumnTransformer<BandFeaturesOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "band-features";

    /// <summary>Creates the transformer.</summary>
    public BandFeaturesTransformer(BandFeaturesOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputColumnName);
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Loads a transformer saved with <see cref="ImageColumnTransformer.SaveTo"/>.</summary>
    public static BandFeaturesTransformer Load(string path) => MlNetFreqModel.LoadSingle<BandFeaturesTransformer>(path);

    internal static BandFeaturesTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files) =>
        new(ReadOptions(LegacyColumns.InputDefaultsToOutput(options)));

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape) => new Mapper(shape, Options, ColumnsFor(shape));

    private sealed class Mapper : BatchImageMapper
    {
        private readonly ImageShape _shape;
        private readonly BandFeaturesOptions _options;
        private readonly FrequencyBands _bands;
        private readonly IDctBackend _backend;

        public Mapper(ImageShape shape, BandFeaturesOptions options, IReadOnlyList<MappedColumn> outputs)
        {
            _shape = shape;
            _options = options;
            _bands = FrequencyBands.Create(shape.Height, shape.Width, options.Layout);
            _backend = DctBackends.Shared(options.Backend);
            Outputs = outputs;
        }

        public override int InputLength => _shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs { get; }

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            var (inputs, rows) = (input.Images, input.Rows);
            var batch = new ImageBatchShape(rows, _shape.Channels, _shape.Height, _shape.Width);
            int length = (int)batch.Length;
            Span<float> features = outputs[0].AsSpan(0, rows * _bands.Count);
            if (_options.InputIsSpectrum)
            {
                BandPooling.Pool(inputs.AsSpan(0, length), batch, _bands, _options.Statistic, features);
                return;
            }

            float[] spectrum = ArrayPool<float>.Shared.Rent(length);
            try
            {
                _backend.Transform(inputs.AsSpan(0, length), spectrum.AsSpan(0, length), batch, DctDirection.Forward);
                BandPooling.Pool(spectrum.AsSpan(0, length), batch, _bands, _options.Statistic, features);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(spectrum);
            }
        }
    }
}
