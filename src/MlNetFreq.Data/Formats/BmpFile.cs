namespace MlNetFreq.Data.Formats;

/// <summary>
/// Writes images as uncompressed 24-bit BMP files (any reader opens them; the image-folder reader reads them back),
/// e.g. to inspect adversarial examples or to build an image folder for ML.NET's LoadImages.
/// </summary>
public static class BmpFile
{
    /// <summary>
    /// Writes one image [C, H, W] with pixel values in [0, 1] (C = 1: grey, C = 3: RGB); values outside [0, 1] are an
    /// error, not clipped.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> image, int channels, int height, int width)
    {
        if (channels is not (1 or 3) || height < 1 || width < 1 || image.Length != channels * height * width)
        {
            throw new ArgumentException($"{path}: expected a grey or RGB image [C,H,W] with C = 1 or 3, found {image.Length} values for [{channels},{height},{width}].");
        }

        int stride = (width * 3 + 3) / 4 * 4, size = 54 + stride * height, plane = height * width;
        var bytes = new byte[size];
        "BM"u8.CopyTo(bytes);
        BitConverter.GetBytes(size).CopyTo(bytes, 2);
        BitConverter.GetBytes(54).CopyTo(bytes, 10);
        BitConverter.GetBytes(40).CopyTo(bytes, 14);
        BitConverter.GetBytes(width).CopyTo(bytes, 18);
        BitConverter.GetBytes(height).CopyTo(bytes, 22);
        BitConverter.GetBytes((short)1).CopyTo(bytes, 26);
        BitConverter.GetBytes((short)24).CopyTo(bytes, 28);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + (height - 1 - y) * stride;
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float v = image[(channels == 1 ? 0 : c) * plane + y * width + x];
                    if (!(v >= 0f && v <= 1f))
                    {
                        throw new ArgumentException($"{path}: expected pixel values in [0, 1], found {v} at channel {c}, row {y}, column {x}.");
                    }

                    // BMP stores blue, green, red.
                    bytes[row + 3 * x + (2 - c)] = (byte)Math.Round(v * 255);
                }
            }
        }

        File.WriteAllBytes(path, bytes);
    }
}
