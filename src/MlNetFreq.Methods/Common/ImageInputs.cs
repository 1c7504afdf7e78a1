using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Common;

/// <summary>What every method that scores labelled images checks before any work.</summary>
internal static class ImageInputs
{
    /// <summary>One image of the model's shape per label, pixels in [0, 1], labels among the model's classes.</summary>
    public static void Check(ModelSession model, ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        int n = labels.Length, len = model.Channels * model.Height * model.Width;
        if (images.Length != (long)n * len)
        {
            throw new ArgumentException($"Expected {n} images (one per label) of [{model.Channels},{model.Height},{model.Width}] = {(long)n * len} values, found {images.Length}.", nameof(images));
        }

        CheckPixels(images, len);
        for (int i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)model.Classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {labels[i]} at row {i} is outside the model's classes 0…{model.Classes - 1}.");
            }
        }
    }

    /// <summary>Pixels finite and in [0, 1]; a bad one is named by its image (of <paramref name="imageLength"/> values) and offset.</summary>
    public static void CheckPixels(ReadOnlySpan<float> images, int imageLength)
    {
        for (int i = 0; i < images.Length; i++)
        {
            if (!(images[i] >= 0f && images[i] <= 1f))
            {
                throw new ArgumentException($"Expected pixel values in [0, 1], found {images[i]} in image {i / imageLength} at offset {i % imageLength}.", nameof(images));
            }
        }
    }
}
