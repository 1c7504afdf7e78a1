using MlNetFreq.Data.Tensors;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// Opens any supported data source by its path:
/// a <c>.npy</c> file of images (labels from an optional second <c>.npy</c>);
/// a CIFAR-10 binary batch (<c>*.bin</c>) or a folder holding <c>test_batch.bin</c> (the test split is used);
/// an IDX image file (<c>*idx3-ubyte</c>, optionally <c>.gz</c>; labels from the sibling <c>*labels-idx1-ubyte</c> file)
/// or a folder holding Fashion-MNIST/MNIST <c>t10k-images-idx3-ubyte[.gz]</c>;
/// or a folder of images with one sub-folder per class.
/// </summary>
public static class DataSources
{
    /// <summary>
    /// Loads at most <paramref name="limit"/> images and their labels. A labels file must hold exactly one label per
    /// image of the source. <paramref name="layout"/> applies to .npy images (the other formats have one layout).
    /// </summary>
    /// <param name="path">The images.</param>
    /// <param name="labelsPath">A labels .npy for sources without labels.</param>
    /// <param name="limit">Images read at most.</param>
    /// <param name="layout">Axis order of a .npy source.</param>
    /// <param name="channels">For an image folder: the channels its files must have (e.g. the model's); null takes the first file's.</param>
    public static LabeledImages Load(string path, string? labelsPath = null, int limit = int.MaxValue, ImageLayout layout = ImageLayout.Auto, int? channels = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Expected a non-negative image limit.");
        }

        bool npy = Path.GetFileName(path).EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
        if (layout != ImageLayout.Auto && !npy)
        {
            throw new ArgumentException($"--layout: applies to .npy images; {path} has its own layout.");
        }

        LabeledImages data = npy ? new LabeledImages(NpyFile.ReadImages(path, layout), null) : LoadAll(path, limit, channels);
        if (labelsPath is not null)
        {
            int[] labels = NpyFile.ReadLabels(labelsPath);
            // A .npy source is read whole: its labels must match it one to one (an extra or a missing label is a mistake).
            if (npy ? labels.Length != data.Images.Shape.N : labels.Length < data.Images.Shape.N)
            {
                throw new DataFormatException(labelsPath, $"expected {data.Images.Shape.N} labels (one per image of {path}), found {labels.Length}.");
            }

            data = data with { Labels = labels[..data.Images.Shape.N] };
        }

        return data.Take(limit);
    }

    private static LabeledImages LoadAll(string path, int limit, int? channels)
    {
        if (Directory.Exists(path))
        {
            string cifarTest = Path.Combine(path, "test_batch.bin");
            if (File.Exists(cifarTest))
            {
                return CifarBinaryFile.Read(cifarTest, limit);
            }

            foreach (string name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte" })
            {
                if (File.Exists(Path.Combine(path, name)))
                {
                    return LoadIdx(Path.Combine(path, name));
                }
            }

            return ImageFolder.Read(path, channels is 1 or 3 ? channels : null, limit);
        }

        string lower = Path.GetFileName(path).ToLowerInvariant();
        if (lower.EndsWith(".npy", StringComparison.Ordinal))
        {
            return new LabeledImages(NpyFile.ReadImages(path), null);
        }

        if (lower.EndsWith(".bin", StringComparison.Ordinal))
        {
            return CifarBinaryFile.Read(path, limit);
        }

        if (lower.Contains("idx3", StringComparison.Ordinal))
        {
            return LoadIdx(path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: expected a data file or folder, found nothing at that path.", path);
        }

        throw new DataFormatException(path,
            "expected a .npy file, a CIFAR-10 .bin batch, an IDX *idx3-ubyte[.gz] file or a folder of them or of class sub-folders of images.");
    }

    private static LabeledImages LoadIdx(string imagesPath)
    {
        ImageTensor images = IdxFile.ReadImages(imagesPath);
        string labelsPath = Path.Combine(Path.GetDirectoryName(imagesPath) ?? ".",
            Path.GetFileName(imagesPath).Replace("images-idx3", "labels-idx1", StringComparison.Ordinal));
        int[]? labels = null;
        if (labelsPath != imagesPath && File.Exists(labelsPath))
        {
            labels = IdxFile.ReadLabels(labelsPath);
            if (labels.Length != images.Shape.N)
            {
                throw new DataFormatException(labelsPath, $"expected {images.Shape.N} labels (one per image of {imagesPath}), found {labels.Length}.");
            }
        }

        return new LabeledImages(images, labels);
    }
}
