using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds an adversarial image column (and success, L∞, L2, queries, adversarial class) computed from an image column
/// and a label column by any registered attack (<see cref="AttackOptions"/>), in batches of rows. Per-row
/// randomness is seeded by the row's position, so results do not depend on the batch size.
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; inputs a Single vector with dimensions (C, H, W) matching the model
/// and an Int32 or key label; persisted with <see cref="MlNetFreqModel"/> (the ONNX bytes are embedded).
/// </remarks>
public sealed class AdversarialTransformer : ModelColumnTransformer<AdversarialTransformOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "adversarial";

    /// <summary>Creates the transformer, reading the model from <see cref="AdversarialTransformOptions.ModelPath"/>.</summary>
    public AdversarialTransformer(AdversarialTransformOptions options)
        : this(options, ReadModel(options?.ModelPath))
    {
    }

    private AdversarialTransformer(AdversarialTransformOptions options, byte[] modelBytes)
        : base(options, modelBytes)
    {
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Loads a transformer saved with <see cref="ImageColumnTransformer.SaveTo"/>.</summary>
    public static AdversarialTransformer Load(string path) => MlNetFreqModel.LoadSingle<AdversarialTransformer>(path);

    internal static AdversarialTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files)
    {
        // Models saved by 0.1.0 hold the flat AttackSettings of that release ({"Method": "Pgd", "Eps": …}).
        if (options is JsonObject o && o["Attack"] is JsonObject attack && attack.ContainsKey("Method"))
        {
            o = (JsonObject)o.DeepClone();
            o["Attack"] = LegacyAttackSettings.Upgrade(attack);
            options = o;
        }

        return new(ReadOptions(options), ModelFrom(files, KindName));
    }

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape)
    {
        var session = SessionFor(shape);
        return new Mapper(Options.Attack.Create(session), shape, ColumnsFor(shape), InputColumnName);
    }

    private sealed class Mapper(Methods.Attacks.Attack attack, ImageShape shape, IReadOnlyList<MappedColumn> outputs, string column) : BatchImageMapper
    {
        public override int InputLength => shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs => outputs;

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            int rows = input.Rows;
            input.CheckPixels(column, shape.Length);
            var result = attack.Run(input.Images.AsSpan(0, rows * shape.Length), input.Labels.AsSpan(0, rows), input.Identities.AsSpan(0, rows));
            result.Adversarial.CopyTo(outputs[0], 0);
            for (int i = 0; i < rows; i++)
            {
                outputs[1][i] = result.Success[i] ? 1 : 0;
                outputs[2][i] = result.Linf[i];
                outputs[3][i] = result.L2[i];
                outputs[4][i] = result.Iterations[i];
                outputs[5][i] = result.AdversarialClass[i];
            }
        }
    }
}
