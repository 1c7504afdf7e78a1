using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Adds the orthonormal 2-D DCT (or its inverse) of an image column, per channel, as a Single vector with the
/// image's dimensions (C, H, W): <c>scipy.fft.dctn(x, type=2, norm="ortho", axes=(-2,-1))</c>.
/// </summary>
/// <remarks>
/// Estimator characteristics: needs no training; input a known-size Single vector with dimensions (C, H, W)
/// (what <c>ExtractPixels</c> produces) or a flat vector with <see cref="DctOptions.ImageShape"/>; output a Single
/// vector of the same dimensions; not exportable to ONNX; persisted with <see cref="MlNetFreqModel"/>.
/// </remarks>
public sealed class DctTransformer : ImageColumnTransformer<DctOptions>
{
    /// <summary>Kind name in saved models.</summary>
    public const string KindName = "dct";

    /// <summary>Creates the transformer.</summary>
    public DctTransformer(DctOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputColumnName);
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Loads a transformer saved with <see cref="ImageColumnTransformer.SaveTo"/>.</summary>
    public static DctTransformer Load(string path) => MlNetFreqModel.LoadSingle<DctTransformer>(path);

    internal static DctTransformer FromJson(JsonNode options, IReadOnlyDictionary<string, byte[]> files) =>
        new(ReadOptions(LegacyColumns.InputDefaultsToOutput(options)));

    /// <inheritdoc />
    protected override BatchImageMapper CreateMapper(ImageShape shape) =>
        new Mapper(shape, ColumnsFor(shape), Options.Direction, DctBackends.Shared(Options.Backend));

    private sealed class Mapper(ImageShape shape, IReadOnlyList<MappedColumn> outputs, DctDirection direction, IDctBackend backend) : BatchImageMapper
    {
        public override int InputLength => shape.Length;

        public override IReadOnlyList<MappedColumn> Outputs => outputs;

        public override void MapBatch(BatchInput input, float[][] outputs)
        {
            var (inputs, rows) = (input.Images, input.Rows);
            int length = rows * shape.Length;
            backend.Transform(inputs.AsSpan(0, length), outputs[0].AsSpan(0, length),
                new ImageBatchShape(rows, shape.Channels, shape.Height, shape.Width), direction);
        }
    }
}
