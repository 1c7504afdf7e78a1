namespace MlNetFreq.Spectral.Tensors;

/// <summary>
/// Shape of a batch of images in NCHW layout: <c>N</c> images of <c>C</c> channels of <c>H</c> rows by <c>W</c> columns,
/// stored row-major with the column index fastest (the layout of PyTorch and of ML.NET's <c>(C, H, W)</c> vectors).
/// </summary>
public readonly record struct ImageBatchShape(int N, int C, int H, int W)
{
    /// <summary>Number of channel planes, <c>N·C</c>: the unit a 2-D transform works on.</summary>
    public int Planes => checked(N * C);

    /// <summary>Number of elements in one plane, <c>H·W</c>.</summary>
    public int PlaneLength => checked(H * W);

    /// <summary>Number of elements in one image, <c>C·H·W</c>.</summary>
    public int ImageLength => checked(C * H * W);

    /// <summary>Number of elements in the batch, <c>N·C·H·W</c>.</summary>
    public long Length => (long)N * C * H * W;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="what"/> unless N ≥ 0 and C, H, W ≥ 1.</summary>
    public void Validate(string what)
    {
        if (N < 0 || C < 1 || H < 1 || W < 1)
        {
            throw new ArgumentException(
                $"{what}: expected an NCHW shape with N ≥ 0 and C, H, W ≥ 1, found [{N},{C},{H},{W}].", what);
        }

        if (Length > int.MaxValue)
        {
            throw new ArgumentException(
                $"{what}: shape [{N},{C},{H},{W}] holds {Length} elements; at most {int.MaxValue} fit one buffer. Split the batch.", what);
        }
    }

    /// <summary>Checks that a buffer holds exactly <see cref="Length"/> elements.</summary>
    public void ValidateBuffer(int bufferLength, string what)
    {
        Validate(what);
        if (bufferLength != Length)
        {
            throw new ArgumentException(
                $"{what}: shape [{N},{C},{H},{W}] needs {Length} elements, the buffer holds {bufferLength}.", what);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"[{N},{C},{H},{W}]";
}
