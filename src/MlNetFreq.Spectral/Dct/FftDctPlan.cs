using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The 2-D transform of one H×W plane through two <see cref="FftDctPass"/>es: down the columns (length H), a transpose,
/// down the columns again (length W), a transpose back — <c>D_H · X · D_Wᵀ</c> forward, <c>D_Hᵀ · Y · D_W</c> inverse. Used
/// from <see cref="MinSide"/> on, where O(n log n) beats the matrix form's O(n²) per value (measured with
/// <c>mlnetfreq bench dct</c>), for sizes whose FFT can be planned and that fill at least one vector.
/// </summary>
internal sealed class FftDctPlan
{
    /// <summary>The smaller of H and W from which the FFT form is used.</summary>
    public const int MinSide = 48;

    private readonly FftDctPass _rows;     // length H
    private readonly FftDctPass _columns;  // length W

    private FftDctPlan(FftDctPass rows, FftDctPass columns, DctDirection direction)
    {
        _rows = rows;
        _columns = columns;
        Direction = direction;
    }

    /// <summary>Forward or inverse.</summary>
    public DctDirection Direction { get; }

    /// <summary>Floats of plane scratch a transform needs (two planes).</summary>
    public int ScratchFloats => 2 * _rows.Length * _columns.Length;

    /// <summary>Vectors of FFT scratch a transform needs.</summary>
    public int ScratchVectors => Math.Max(_rows.ScratchVectors, _columns.ScratchVectors);

    /// <summary>The plan for H×W planes, or null where the matrix form is used.</summary>
    public static FftDctPlan? TryCreate(int height, int width, DctDirection direction)
    {
        if (Math.Min(height, width) < Math.Max(MinSide, Vector<float>.Count))
        {
            return null;
        }

        return FftDctPass.TryCreate(height) is { } rows && FftDctPass.TryCreate(width) is { } columns ? new FftDctPlan(rows, columns, direction) : null;
    }

    /// <summary>Transforms the plane <paramref name="x"/> into <paramref name="y"/> (H×W each, row-major).</summary>
    public unsafe void Transform(float* x, float* y, float* scratch, Span<Vector<float>> vectors)
    {
        int h = _rows.Length, w = _columns.Length;
        float* a = scratch, b = scratch + (long)h * w;
        _rows.Transform(x, a, w, Direction, vectors);     // along H: a = D_H · x (H×W)
        Transpose(a, b, h, w);                            // b = aᵀ (W×H)
        _columns.Transform(b, a, h, Direction, vectors);  // along W: a = D_W · aᵀ = yᵀ (W×H)
        Transpose(a, y, w, h);
    }

    // dst (cols×rows) = srcᵀ (src rows×cols), in 16×16 tiles so both sides stay in cache.
    private static unsafe void Transpose(float* src, float* dst, int rows, int cols)
    {
        const int tile = 16;
        for (int r0 = 0; r0 < rows; r0 += tile)
        {
            int r1 = Math.Min(r0 + tile, rows);
            for (int c0 = 0; c0 < cols; c0 += tile)
            {
                int c1 = Math.Min(c0 + tile, cols);
                for (int r = r0; r < r1; r++)
                {
                    float* s = src + (long)r * cols;
                    for (int c = c0; c < c1; c++)
                    {
                        dst[(long)c * rows + r] = s[c];
                    }
                }
            }
        }
    }
}
