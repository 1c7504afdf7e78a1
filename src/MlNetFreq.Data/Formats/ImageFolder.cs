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

    /// <summary>Decodes the images (RGB when <paramref name="channels"/> is 3, grey when 1) into one tensor.</summary>
    public static LabeledImages Read(string root, int channels = 3, int limit = int.MaxValue)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 (grey) or 3 (RGB) channels.");
        }

        var (files, classNames) = List(root);
        int n = Math.Min(files.Count, limit);
        float[]? pixels = null;
        var labels = new int[n];
        int h = 0, w = 0;
        for (int i = 0; i < n; i++)
        {
            var (path, label) = files[i];
            ImageResult img = Decode(path, channels);
            if (pixels is null)
            {
                (h, w) = (img.Height, img.Width);
                pixels = new float[(long)n * channels * h * w];
            }
            else if (img.Height != h || img.Width != w)
            {
                throw new DataFormatException(path, $"expected {w}×{h} pixels like {files[0].Path}, found {img.Width}×{img.Height}; resize the images first.");
            }

            CopyInterleaved(img.Data, pixels.AsSpan(i * channels * h * w, channels * h * w), channels, h * w);
            labels[i] = label;
        }

        return new LabeledImages(new ImageTensor(pixels!, new ImageBatchShape(n, channels, h, w)), labels, classNames);
    }

    /// <summary>Decodes one image file to 8-bit pixels, interleaved HWC.</summary>
    public static ImageResult Decode(string path, int channels)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return ImageResult.FromMemory(bytes, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new DataFormatException(path, $"expected a PNG, JPEG or BMP image, found undecodable bytes ({ex.Message}).", ex);
        }
    }

    private static void CopyInterleaved(byte[] hwc, Span<float> chw, int channels, int plane)
    {
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                chw[c * plane + p] = hwc[p * channels + c] / 255f;
            }
        }
    }

    private static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
