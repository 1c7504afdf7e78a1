using System.Text.Json.Nodes;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds a corrupted copy of an image column (<see cref="CorruptionTransformOptions.Corruption"/>: any registered
/// corruption at a severity 1–5). Random corruptions draw from each row's identity (the id column, else its position).
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; input a Single vector with dimensions (C, H, W), C = 1 or 3 (3 only for
/// saturate), pixels in [0, 1]; output a Single vector of the same dimensions; persisted with <see cref="MlNetFreqModel"/>.
/// </remarks>
public sealed class CorruptionTransformer : ImageColumnTransformer<CorruptionTransformOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "corruption";

    /// <summary>Creates the transformer.</summary>
    public CorruptionTransformer(CorruptionTransformOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputColumnName);
        ArgumentNullException.ThrowIfNull(options.Corruption);
        options.Corruption.Validate();
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    internal static CorruptionTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files) => new(ReadOptions(options));

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape)
    {
        var corruption = Options.Corruption.Create();
        if (corruption.NotApplicable(shape.Channels) is { } why)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"Column '{Options.InputColumnName}': {corruption.Name} {why} (dimensions ({shape.Channels}, {shape.Height}, {shape.Width})).");
        }

        return new Mapper(shape, ColumnsFor(shape), corruption, Options.InputColumnName);
    }

    private sealed class Mapper(ImageShape shape, IReadOnlyList<MappedColumn> outputs, Methods.Corruptions.Corruption corruption, string columnName) : BatchImageMapper
    {
        public override int InputLength => shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs => outputs;

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            input.CheckPixels(columnName, shape.Length);
            int length = input.Rows * shape.Length;
            corruption.Apply(input.Images.AsSpan(0, length), outputs[0].AsSpan(0, length),
                new ImageBatchShape(input.Rows, shape.Channels, shape.Height, shape.Width), input.Identities.AsSpan(0, input.Rows));
        }
    }
}
