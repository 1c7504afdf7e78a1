using MlNetFreq.Data.Tensors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Operations;

/// <summary>
/// The input contract of every operation, on every surface: a model when it needs one, images of the model's (C, H, W),
/// finite pixels in [0, 1] (unless it transforms any tensor), labels when it needs them, one per image and among the
/// model's classes.
/// </summary>
public static class OperationInputs
{
    /// <summary>Throws naming what is wrong (option <c>model</c>, <c>labels</c>, the data's source).</summary>
    public static void Check(Operation operation, ModelSession? model, LabeledImages data, OperationParameters parameters, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        if (operation.NeedsModel && model is null)
        {
            throw new ArgumentException($"model: {operation.Name} needs a model, found none.");
        }

        if (operation.ReadsPixels)
        {
            ImageContract.CheckPixels(data.Images.Data, source);
        }
        if (model is not null)
        {
            ImageContract.CheckShape(data.Images, model.Channels, model.Height, model.Width, source);
        }

        if (data.Labels is { } labels)
        {
            if (labels.Length != data.Images.Shape.N)
            {
                throw new ArgumentException($"labels: expected one label per image ({data.Images.Shape.N}), found {labels.Length}.");
            }

            if (model is not null)
            {
                ImageContract.CheckLabels(labels, model.Classes, source);
            }
        }
        else if (operation.NeedsLabelsFor(parameters))
        {
            throw new ArgumentException($"labels: {operation.Name} needs the images' labels; the input carries none.");
        }
    }
}
