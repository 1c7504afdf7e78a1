using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds Occluded Frequency scores (Single[bands]) and the explained class (Int32) for an image column; rows are
/// explained in blocks, every occluded copy of a block scored in large ONNX Runtime batches.
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; input a Single vector with dimensions (C, H, W) matching the model;
/// outputs Single[bands] and Int32; persisted with <see cref="MlNetFreqModel"/> (the ONNX bytes are embedded).
/// </remarks>
public sealed class OccludedFrequencyTransformer : ModelColumnTransformer<OccludedFrequencyTransformOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "occluded-frequency";

    /// <summary>Creates the transformer, reading the model from <see cref="OccludedFrequencyTransformOptions.ModelPath"/>.</summary>
    public OccludedFrequencyTransformer(OccludedFrequencyTransformOptions options)
        : this(options, ReadModel(options?.ModelPath))
    {
    }

    private OccludedFrequencyTransformer(OccludedFrequencyTransformOptions options, byte[] modelBytes)
        : base(options, modelBytes)
    {
        options.Attribution.Validate();
        if (options.Attribution.Target.NeedsLabels)
        {
            throw new ArgumentException("Attribution.Target: the transform reads no label column, so it explains the predicted class or a fixed class; found label. "
                + "For per-label attribution use OccludedFrequencyEvaluator.Evaluate(data, options, labelColumnName).", nameof(options));
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Loads a transformer saved with <see cref="ImageColumnTransformer.SaveTo"/>.</summary>
    public static OccludedFrequencyTransformer Load(string path) => MlNetFreqModel.LoadSingle<OccludedFrequencyTransformer>(path);

    internal static OccludedFrequencyTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files) =>
        new(ReadOptions(LegacyOcclusion.Upgrade(options)), ModelFrom(files, KindName));

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape)
    {
        var session = SessionFor(shape);
        var of = new OccludedFrequency(session, Options.Attribution);
        return new Mapper(of, shape, ColumnsFor(shape), InputColumnName);
    }

    private sealed class Mapper(OccludedFrequency of, ImageShape shape, IReadOnlyList<MappedColumn> outputs, string column) : BatchImageMapper
    {
        public override int InputLength => shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs => outputs;

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            var (inputs, rows) = (input.Images, input.Rows);
            input.CheckPixels(column, shape.Length);
            var result = of.Explain(inputs.AsSpan(0, rows * shape.Length), rows, input.Identities.AsSpan(0, rows));
            result.Scores.CopyTo(outputs[0], 0);
            for (int i = 0; i < rows; i++)
            {
                outputs[1][i] = result.TargetClasses[i];
            }
        }
    }
}
