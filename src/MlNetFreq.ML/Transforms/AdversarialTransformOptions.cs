using Microsoft.ML.Data;
using MlNetFreq.ML.Schema;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Methods.Attacks;

namespace MlNetFreq;

/// <summary>Options of <c>mlContext.Transforms.AdversarialAttack</c>.</summary>
public sealed record AdversarialTransformOptions : IModelColumnOptions
{
    /// <summary>Adversarial image column added (same dimensions as the image column).</summary>
    public string OutputColumnName { get; init; } = "Adversarial";

    /// <summary>Image column (Single vector with dimensions (C, H, W), pixels in [0, 1]).</summary>
    public string InputColumnName { get; init; } = "Image";

    /// <summary>Label column (Int32 or a key type): the true classes, or the targets when <see cref="AttackOptions.Targeted"/>.</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>
    /// Integer column whose value seeds each row's random stream; null: the row's position in a pass over the view (a
    /// content hash in a <c>PredictionEngine</c>). Name one when rows are reordered, filtered or served singly and must
    /// keep their result.
    /// </summary>
    public string? IdColumnName { get; init; }

    /// <summary>Prefix of the report columns: {prefix}Success (Boolean), {prefix}Linf, {prefix}L2 (Single), {prefix}Queries, {prefix}Class (Int32).</summary>
    public string ReportPrefix { get; init; } = "Attack";

    /// <summary>Path of the ONNX classifier (its bytes are embedded when the transformer is saved).</summary>
    public string? ModelPath { get; init; }

    /// <summary>Per-channel normalisation the graph expects but does not contain.</summary>
    public float[]? NormalizeMean { get; init; }

    /// <summary>Per-channel standard deviations of that normalisation.</summary>
    public float[]? NormalizeStd { get; init; }

    /// <summary>
    /// The attack and its hyper-parameters: any registered method's options record, e.g. <c>new PgdOptions { Eps = 0.1 }</c>
    /// (default: PGD with torchattacks' defaults).
    /// </summary>
    public AttackOptions Attack { get; init; } = new PgdOptions();

    /// <summary>Rows attacked together.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Declared (C, H, W) for a flat vector column without dimensions (e.g. <c>[VectorType(784)]</c>); null reads them
    /// from the column type. The model's input must have this shape.
    /// </summary>
    public ImageShape? ImageShape { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<OutputColumn> OutputColumns() =>
    [
        OutputColumn.ImageSized(OutputColumnName), OutputColumn.Scalar(ReportPrefix + "Success", BooleanDataViewType.Instance),
        OutputColumn.Scalar(ReportPrefix + "Linf", NumberDataViewType.Single), OutputColumn.Scalar(ReportPrefix + "L2", NumberDataViewType.Single),
        OutputColumn.Scalar(ReportPrefix + "Queries", NumberDataViewType.Int32), OutputColumn.Scalar(ReportPrefix + "Class", NumberDataViewType.Int32),
    ];
}
