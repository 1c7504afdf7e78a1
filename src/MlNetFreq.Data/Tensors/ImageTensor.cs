using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Data.Tensors;

/// <summary>A batch of float32 images in NCHW layout (pixel values in [0, 1] by convention).</summary>
public sealed class ImageTensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as a batch of <paramref name="shape"/>.</summary>
    public ImageTensor(float[] data, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        shape.ValidateBuffer(data.Length, nameof(data));
        Data = data;
        Shape = shape;
    }

    /// <summary>The pixels, row-major NCHW.</summary>
    public float[] Data { get; }

    /// <summary>The shape.</summary>
    public ImageBatchShape Shape { get; }

    /// <summary>Pixels of image <paramref name="index"/>.</summary>
    public Span<float> Image(int index) => Data.AsSpan(index * Shape.ImageLength, Shape.ImageLength);

    /// <summary>The first <paramref name="count"/> images (a copy), or this tensor when it has no more.</summary>
    public ImageTensor Take(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a non-negative image count.");
        }

        if (count >= Shape.N)
        {
            return this;
        }

        var shape = Shape with { N = count };
        return new ImageTensor(Data.AsSpan(0, (int)shape.Length).ToArray(), shape);
    }

    /// <summary>
    /// Throws <see cref="DataFormatException"/> naming <paramref name="source"/>, the image, channel, row and column of the
    /// first NaN or infinite pixel (bad data, not a bad argument: the CLI's exit code 4).
    /// </summary>
    public void EnsureFinite(string source)
    {
        int i = IndexOfNonFinite(Data);
        if (i >= 0)
        {
            int per = Shape.ImageLength, plane = Shape.PlaneLength;
            int n = i / per, c = i % per / plane, h = i % plane / Shape.W, w = i % Shape.W;
            throw new DataFormatException(source, $"expected finite pixel values, found {Data[i]} at image {n}, channel {c}, row {h}, column {w}.");
        }
    }

    /// <summary>Index of the first NaN or ±∞ value, or −1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
