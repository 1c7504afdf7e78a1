using System.Text.Json.Nodes;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Methods.Diagnostics;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds the low-pass or high-pass image of an image column (<see cref="FrequencySplit"/>: Wang et al.'s radial DFT mask,
/// or diagonal DCT bands); the two passes of one radius add up to the image.
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; input a Single vector with dimensions (C, H, W); output a Single vector
/// of the same dimensions (not clipped); persisted with <see cref="MlNetFreqModel"/>.
/// </remarks>
public sealed class FrequencyFilterTransformer : ImageColumnTransformer<FrequencyFilterOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "frequency-filter";

    /// <summary>Creates the transformer.</summary>
    public FrequencyFilterTransformer(FrequencyFilterOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputColumnName);
        if (!(options.Radius >= 0) || double.IsInfinity(options.Radius))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Radius, "Radius: expected a finite value ≥ 0.");
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    internal static FrequencyFilterTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files) => new(ReadOptions(options));

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape) =>
        new Mapper(shape, ColumnsFor(shape), new FrequencySplit(Options.Basis, shape.Height, shape.Width, Options.Radius), Options.Pass);

    private sealed class Mapper(ImageShape shape, IReadOnlyList<MappedColumn> outputs, FrequencySplit split, FrequencyPass pass) : BatchImageMapper
    {
        public override int InputLength => shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs => outputs;

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            int length = input.Rows * shape.Length;
            var other = new float[length];
            var low = pass == FrequencyPass.Low ? outputs[0].AsSpan(0, length) : other;
            var high = pass == FrequencyPass.High ? outputs[0].AsSpan(0, length) : other;
            split.Split(input.Images.AsSpan(0, length), low, high);
        }
    }
}
