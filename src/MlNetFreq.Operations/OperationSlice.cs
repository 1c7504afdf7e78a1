using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations;

/// <summary>
/// What an operation measures: consecutive images of a data set (their labels when it has them), the first of which
/// has global index <see cref="FirstIndex"/> — per-sample seeds follow it, so any split into slices measures what one
/// run does — the model when the operation needs one, and the run's checked parameters.
/// </summary>
public sealed record OperationSlice(ModelSession? Model, float[] Images, int[]? Labels, ImageBatchShape Shape, long FirstIndex, OperationParameters Parameters)
{
    /// <summary>Images in the whole data set the slice is part of (0 when not told).</summary>
    public int Total { get; init; }

    /// <summary>Rows of the slice done so far (within the slice).</summary>
    public IProgress<int>? Progress { get; init; }

    /// <summary>Progress inside a stage of the slice's work (e.g. an attack of an ensemble): its name, done, total.</summary>
    public IProgress<(string Stage, int Done, int Total)>? StageProgress { get; init; }

    /// <summary>The data set's first <see cref="Operation.HeadImages"/> images (whatever the slice), for checks made once per data set; null when none are asked for.</summary>
    public Data.Tensors.LabeledImages? Head { get; init; }

    /// <summary>The data set's class names, when its source carries them (figures' titles).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The method's options (null for an operation without a method).</summary>
    public Methods.Descriptors.MethodOptions? Options => Parameters.Options;

    /// <summary>The operation's own settings (null for an operation without them).</summary>
    public Methods.Descriptors.MethodOptions? Settings => Parameters.Settings;

    /// <summary>The model, or the error of an operation that was given none.</summary>
    public ModelSession RequiredModel => Model ?? throw new ArgumentException("model: this operation needs a model, found none.");

    /// <summary>The labels, or the error of a source that carries none.</summary>
    public int[] RequiredLabels => Labels ?? throw new ArgumentException("labels: this operation needs the images' labels; the input carries none.");
}
