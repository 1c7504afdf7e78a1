using System.Numerics;
using System.Runtime.Intrinsics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The 2-D transform of one H×W plane through two <see cref="FftDctPass"/>es: down the columns (length H), a transpose,
/// down the columns again (length W), a transpose back — <c>D_H · X · D_Wᵀ</c> forward, <c>D_Hᵀ · Y · D_W</c> inverse. Used
/// from <see cref="MinSide"/> on, where O(n log n) beats the matrix form's O(n²) per value (measured with
/// <c>mlnetfreq bench dct</c>), for sizes that fill at least one vector and whose sides both have a fast pass (mixed
/// radix, or Bluestein's algorithm from <see cref="FftDctPass.MinBluesteinLength"/> on for the lengths mixed radix
/// cannot plan). A pass serves both directions and, on a square plane, both sides.
/// </summary>
internal sealed class FftDctPlan
{
    /// <summary>The smaller of H and W from which the FFT form is used.</summary>
    public const int MinSide = 40;

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

        var rows = FftDctPass.TryCreate(height);
        var columns = width == height ? rows : FftDctPass.TryCreate(width);
        return rows is not null && columns is not null ? new FftDctPlan(rows, columns, direction) : null;
    }

    /// <summary>Transforms the plane <paramref name="x"/> into <paramref name="y"/> (H×W each, row-major).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public unsafe void Transform(float* x, float* y, float* scratch, Span<Vector<float>> vectors)
    {
        int h = _rows.Length, w = _columns.Length;
        float* a = scratch, b = scratch + (long)h * w;
        _rows.Transform(x, a, w, Direction, vectors);     // along H: a = D_H · x (H×W)
        Transpose(a, b, h, w);                            // b = aᵀ (W×H)
        _columns.Transform(b, a, h, Direction, vectors);  // along W: a = D_W · aᵀ = yᵀ (W×H)
        Transpose(a, y, w, h);
    }

    // dst (cols×rows) = srcᵀ (src rows×cols): 8×8 blocks through AVX registers where the hardware has them (a scalar
    // transpose cost ~15 % of a 40×40 plane), the edges and other hardware one value at a time.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transpose(float* src, float* dst, int rows, int cols)
    {
        int r0 = 0;
        if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
        {
            for (; r0 + 8 <= rows; r0 += 8)
            {
                int c0 = 0;
                for (; c0 + 8 <= cols; c0 += 8)
                {
                    Transpose8(src + (long)r0 * cols + c0, cols, dst + (long)c0 * rows + r0, rows);
                }

                TransposeScalar(src, dst, rows, cols, r0, r0 + 8, c0, cols);
            }
        }

        TransposeScalar(src, dst, rows, cols, r0, rows, 0, cols);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TransposeScalar(float* src, float* dst, int rows, int cols, int r0, int r1, int c0, int c1)
    {
        for (int r = r0; r < r1; r++)
        {
            for (int c = c0; c < c1; c++)
            {
                dst[(long)c * rows + r] = src[(long)r * cols + c];
            }
        }
    }

    // The classic 8×8 float transpose: unpack pairs, shuffle quadruples, swap 128-bit halves.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transpose8(float* s, int sStride, float* d, int dStride)
    {
        var r0 = System.Runtime.Intrinsics.Vector256.Load(s);
        var r1 = System.Runtime.Intrinsics.Vector256.Load(s + sStride);
        var r2 = System.Runtime.Intrinsics.Vector256.Load(s + 2 * sStride);
        var r3 = System.Runtime.Intrinsics.Vector256.Load(s + 3 * sStride);
        var r4 = System.Runtime.Intrinsics.Vector256.Load(s + 4 * sStride);
        var r5 = System.Runtime.Intrinsics.Vector256.Load(s + 5 * sStride);
        var r6 = System.Runtime.Intrinsics.Vector256.Load(s + 6 * sStride);
        var r7 = System.Runtime.Intrinsics.Vector256.Load(s + 7 * sStride);
        var t0 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r0, r1);
        var t1 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r0, r1);
        var t2 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r2, r3);
        var t3 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r2, r3);
        var t4 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r4, r5);
        var t5 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r4, r5);
        var t6 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r6, r7);
        var t7 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r6, r7);
        var u0 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0x44);
        var u1 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0xEE);
        var u2 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0x44);
        var u3 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0xEE);
        var u4 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0x44);
        var u5 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0xEE);
        var u6 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0x44);
        var u7 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0xEE);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x20).Store(d);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x20).Store(d + dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x20).Store(d + 2 * dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x20).Store(d + 3 * dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x31).Store(d + 4 * dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x31).Store(d + 5 * dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x31).Store(d + 6 * dStride);
        System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x31).Store(d + 7 * dStride);
    }
}
