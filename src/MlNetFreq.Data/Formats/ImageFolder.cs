using MlNetFreq.Data.Tensors;
using MlNetFreq.Spectral.Tensors;
using StbImageSharp;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// A folder of PNG/JPEG/BMP images with one sub-folder per class (class index = position of the sub-folder in
/// ordinal name order). All images must have the same size: nothing is resized silently.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Image files of a folder tree in class order, with their class index.</summary>
    public static (IReadOnlyList<(string Path, int Label)> Files, IReadOnlyList<string> ClassNames) List(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{root}: expected a folder of images with one sub-folder per class, found no folder.");
        }

        string[] classDirs = Directory.GetDirectories(root);
        Array.Sort(classDirs, StringComparer.Ordinal);
        var files = new List<(string, int)>();
        for (int c = 0; c < classDirs.Length; c++)
        {
            string[] images = Directory.GetFiles(classDirs[c]).Where(IsImage).ToArray();
            Array.Sort(images, StringComparer.Ordinal);
            files.AddRange(images.Select(p => (p, c)));
        }

        if (files.Count == 0)
        {
            throw new DataFormatException(root, $"expected image files ({string.Join(", ", Extensions)}) in class sub-folders, found none.");
        }

        return (files, classDirs.Select(d => Path.GetFileName(d)!).ToArray());
    }

    /// <summary>
    /// Decodes the images into one tensor of <paramref name="channels"/> (1 or 3, e.g. the model's; null: 1 when the first
    /// file is stored as grey, else 3). A 1-channel tensor takes grey files and colour-stored files whose red, green and
    /// blue are equal everywhere (a grey image saved as 24-bit BMP); a 3-channel one takes colour-stored files (alpha
    /// dropped). A colour image for 1 channel, or a grey-stored one for 3, is an error naming the file: images are never
    /// converted silently.
    /// </summary>
    public static LabeledImages Read(string root, int? channels = null, int limit = int.MaxValue)
    {
        if (channels is not (null or 1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 (grey) or 3 (RGB) channels.");
        }

        var (files, classNames) = List(root);
        if (files.Count > 0 && channels is null)
        {
            channels = Decode(files[0].Path, 3).SourceComp is ColorComponents.Grey or ColorComponents.GreyAlpha ? 1 : 3;
        }

        int c = channels ?? 3;
        int n = Math.Min(files.Count, limit);
        float[]? pixels = null;
        var labels = new int[n];
        int h = 0, w = 0;
        for (int i = 0; i < n; i++)
        {
            var (path, label) = files[i];
            ImageResult img = Decode(path, 3);
            bool storedGrey = img.SourceComp is ColorComponents.Grey or ColorComponents.GreyAlpha;
            if (c == 1 ? !storedGrey && !GreyContent(img.Data) : storedGrey)
            {
                string found = storedGrey ? "a grey (1-channel) image" : "a colour (3-channel) image";
                throw new DataFormatException(path, $"expected {(c == 1 ? "grey (1-channel)" : "colour (3-channel)")} images{(i > 0 ? $" like {files[0].Path}" : " for a " + c + "-channel model")}, found {found}; convert the images, or use a model with that many channels.");
            }

            if (pixels is null)
            {
                (h, w) = (img.Height, img.Width);
                pixels = new float[(long)n * c * h * w];
            }
            else if (img.Height != h || img.Width != w)
            {
                throw new DataFormatException(path, $"expected {w}×{h} pixels like {files[0].Path}, found {img.Width}×{img.Height}; resize the images first.");
            }

            // A grey image decoded as RGB holds its value three times: read the first of each triplet.
            CopyInterleaved(img.Data, pixels.AsSpan(i * c * h * w, c * h * w), c, 3, h * w);
            labels[i] = label;
        }

        return new LabeledImages(new ImageTensor(pixels!, new ImageBatchShape(n, c, h, w)), labels, classNames);
    }

    private static bool GreyContent(byte[] rgb)
    {
        for (int p = 0; p + 2 < rgb.Length; p += 3)
        {
            if (rgb[p] != rgb[p + 1] || rgb[p] != rgb[p + 2])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes one image file to 8-bit pixels, interleaved HWC.</summary>
    public static ImageResult Decode(string path, int channels)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return ImageResult.FromMemory(bytes, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        // The bytes are in memory: an IOException here is the decoder seeking outside them on a corrupt header, a format error.
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or IOException or OverflowException)
        {
            throw new DataFormatException(path, $"expected a PNG, JPEG or BMP image, found undecodable bytes ({ex.Message}).", ex);
        }
    }

    // The first `channels` of every `stride` interleaved bytes, as planes scaled to [0, 1].
    private static void CopyInterleaved(byte[] hwc, Span<float> chw, int channels, int stride, int plane)
    {
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                chw[c * plane + p] = hwc[p * stride + c] / 255f;
            }
        }
    }

    private static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
