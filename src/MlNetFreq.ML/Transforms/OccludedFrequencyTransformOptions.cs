using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq;

/// <summary>Options of <c>mlContext.Transforms.OccludeFrequencies</c>.</summary>
public sealed record OccludedFrequencyTransformOptions : IModelColumnOptions
{
    /// <summary>Attribution column added: Single[bands].</summary>
    public string OutputColumnName { get; init; } = "Attribution";

    /// <summary>Column added with the explained class (Int32).</summary>
    public string TargetClassColumnName { get; init; } = "TargetClass";

    /// <summary>Image column (Single vector with dimensions (C, H, W), pixels in [0, 1]).</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>
    /// Integer column whose value seeds each row's random stream; null: the row's position in a pass over the view (a
    /// content hash in a <c>PredictionEngine</c>). Name one when rows are reordered, filtered or served singly and must
    /// keep their result.
    /// </summary>
    public string? IdColumnName { get; init; }

    /// <summary>Path of the ONNX classifier (read once; its bytes are embedded when the transformer is saved).</summary>
    public string? ModelPath { get; init; }

    /// <summary>Per-channel normalisation the graph expects but does not contain (see ModelSessionOptions).</summary>
    public float[]? NormalizeMean { get; init; }

    /// <summary>Per-channel standard deviations of that normalisation.</summary>
    public float[]? NormalizeStd { get; init; }

    /// <summary>
    /// The attribution: bands, baseline, target, seed… (the method's one options record, with its defaults). A row has
    /// no label here, so the target is the predicted class or a fixed class; per-label profiles come from
    /// <see cref="OccludedFrequencyEvaluator"/>.
    /// </summary>
    public OccludedFrequencyOptions Attribution { get; init; } = new();

    /// <summary>Rows explained per block (each row costs bands + 1 inferences).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Declared (C, H, W) for a flat vector column without dimensions (e.g. <c>[VectorType(784)]</c>); null reads them
    /// from the column type. The model's input must have this shape.
    /// </summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() =>
    [
        OutputColumn.Vector(OutputColumnName, s => FrequencyBands.Create(s.Height, s.Width, Attribution.Bands).Count),
        OutputColumn.Scalar(TargetClassColumnName, Microsoft.ML.Data.NumberDataViewType.Int32),
    ];
}
