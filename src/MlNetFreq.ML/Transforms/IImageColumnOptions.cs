using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// What every options record of an image-column transform declares: the column it reads, the rows per backend call,
/// and — once, for both the estimator's schema and the mapper — the columns it adds.
/// </summary>
public interface IImageColumnOptions
{
    /// <summary>The image column read (default <c>Image</c> everywhere).</summary>
    string InputColumnName { get; }

    /// <summary>Rows per backend call.</summary>
    int BatchSize { get; }

    /// <summary>Declared (C, H, W) for a flat vector column without dimensions; null reads them from the column type.</summary>
    ImageShape? ImageShape => null;

    /// <summary>The label column read with the images, or null.</summary>
    string? LabelColumnName => null;

    /// <summary>
    /// An integer column whose value is each row's identity for its random stream (random starts, noise baselines), or
    /// null: then a row's identity is its position in a pass over the view, and in a <c>PredictionEngine</c> a hash of
    /// its content. Name one when rows are shuffled, filtered or served in another order and must keep their result.
    /// </summary>
    string? IdColumnName => null;

    /// <summary>The columns the transform adds, in order.</summary>
    IReadOnlyList<OutputColumn> OutputColumns();
}

/// <summary>Options of a transform that runs an ONNX classifier.</summary>
public interface IModelColumnOptions : IImageColumnOptions
{
    /// <summary>Path of the ONNX classifier (read once; its bytes are embedded when the transformer is saved).</summary>
    string? ModelPath { get; }

    /// <summary>Per-channel mean of a normalisation the graph expects but does not contain.</summary>
    float[]? NormalizeMean { get; }

    /// <summary>Per-channel standard deviations of that normalisation.</summary>
    float[]? NormalizeStd { get; }
}
