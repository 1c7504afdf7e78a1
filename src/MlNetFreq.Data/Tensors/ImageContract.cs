using System.Globalization;

namespace MlNetFreq.Data.Tensors;

/// <summary>
/// The input contract, checked where user data enters (readers, the CLI, the input columns of the transforms) and
/// never inside a model session: images in NCHW with the model's (C, H, W) — not just its element count — finite
/// pixels in [0, 1], labels in [0, classes). Messages say what was expected, what was found and the fix.
/// </summary>
public static class ImageContract
{
    /// <summary>Throws unless every pixel is finite and in [0, 1], naming the range found and the fix.</summary>
    public static void CheckPixels(ReadOnlySpan<float> pixels, string source)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < pixels.Length; i++)
        {
            float v = pixels[i];
            if (!float.IsFinite(v))
            {
                throw new DataFormatException(source, $"expected finite pixel values, found {v} at offset {i}.");
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (pixels.Length > 0 && (min < 0 || max > 1))
        {
            string hint = max > 1 && max <= 255 && min >= 0 ? "; they look like 0–255 values: pass --scale 255 (or divide by 255)" : "";
            throw new DataFormatException(source, $"expected pixel values in [0, 1], found values from {F(min)} to {F(max)}{hint}.");
        }
    }

    /// <summary>Throws unless the images are [C, H, W] = the model's input, suggesting the layout flag when the axes look permuted.</summary>
    public static void CheckShape(ImageTensor images, int channels, int height, int width, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.Shape;
        if (s.C == channels && s.H == height && s.W == width)
        {
            return;
        }

        string hint = (s.C, s.H, s.W) == (height, width, channels) ? "; the axes look like [N,H,W,C] read as [N,C,H,W]: pass --layout nhwc"
            : (s.H, s.W, s.C) == (channels, height, width) ? "; the axes look like [N,C,H,W] read as [N,H,W,C]: pass --layout nchw"
            : "";
        throw new DataFormatException(source, $"expected images of [C,H,W] = [{channels},{height},{width}] for the model, found [{s.C},{s.H},{s.W}]{hint}.");
    }

    /// <summary>Throws unless every label lies in [0, classes).</summary>
    public static void CheckLabels(ReadOnlySpan<int> labels, int classes, string source)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new DataFormatException(source, $"expected labels in 0…{classes - 1} for the model's {classes} classes, found {labels[i]} at row {i}.");
            }
        }
    }

    private static string F(float v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
