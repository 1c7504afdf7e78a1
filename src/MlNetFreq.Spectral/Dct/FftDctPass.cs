using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The orthonormal 1-D DCT-II (or its inverse, DCT-III) of length n down every column of a row-major n×C matrix,
/// <see cref="Vector{T}.Count"/> columns at a time, through one complex FFT of length n (Makhoul 1980):
/// <list type="bullet">
/// <item>forward: v_m = x_{2m} and v_{n−1−m} = x_{2m+1}; V = DFT(v); X_k = α_k · Re(e^{−iπk/2n} · V_k);</item>
/// <item>inverse: W_k = α_k X_k · e^{−iπk/2n}; v = Re(DFT(W)); x_{2m} = v_m and x_{2m+1} = v_{n−1−m};</item>
/// </list>
/// with α_0 = √(1/n) and α_k = √(2/n), the scaling of <see cref="DctBasis"/> (both identities checked against
/// <c>scipy.fft.dct/idct(norm="ortho")</c>). O(n log n) per column instead of the matrix form's O(n²); a last block of
/// columns that would run past C overlaps the previous one (its columns are recomputed identically).
/// </summary>
internal sealed class FftDctPass
{
    private readonly LaneFft _fft;
    private readonly float[] _cos;   // cos(πk/2n)
    private readonly float[] _sin;   // sin(πk/2n)
    private readonly float[] _alpha;
    private readonly int[] _source;  // v_m = x[_source[m]]

    private FftDctPass(LaneFft fft)
    {
        _fft = fft;
        int n = fft.Length;
        _cos = new float[n];
        _sin = new float[n];
        _alpha = new float[n];
        _source = new int[n];
        for (int k = 0; k < n; k++)
        {
            double angle = Math.PI * k / (2.0 * n);
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
            _alpha[k] = (float)Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            _source[k] = 2 * k < n ? 2 * k : 2 * (n - 1 - k) + 1;
        }
    }

    /// <summary>The transform length (rows of the matrices it transforms).</summary>
    public int Length => _fft.Length;

    /// <summary>The pass for length <paramref name="n"/>, or null when the FFT cannot be planned for it.</summary>
    public static FftDctPass? TryCreate(int n) => LaneFft.TryCreate(n) is { } fft ? new FftDctPass(fft) : null;

    /// <summary>Vectors of scratch <see cref="Transform"/> needs (four arrays of <see cref="Length"/>).</summary>
    public int ScratchVectors => 4 * Length;

    /// <summary>
    /// Transforms every column of <paramref name="input"/> (n×<paramref name="columns"/>, row-major) into
    /// <paramref name="output"/> (same shape; may not overlap the input). Needs at least one vector of columns.
    /// </summary>
    public unsafe void Transform(float* input, float* output, int columns, DctDirection direction, Span<Vector<float>> scratch)
    {
        int n = Length, lanes = Vector<float>.Count;
        var aRe = scratch[..n];
        var aIm = scratch.Slice(n, n);
        var bRe = scratch.Slice(2 * n, n);
        var bIm = scratch.Slice(3 * n, n);
        for (int start = 0; start < columns; start += lanes)
        {
            int c = Math.Min(start, columns - lanes); // the last block overlaps the previous one
            if (direction == DctDirection.Forward)
            {
                for (int m = 0; m < n; m++)
                {
                    aRe[m] = Vector.Load(input + (long)_source[m] * columns + c);
                    aIm[m] = Vector<float>.Zero;
                }

                _fft.Forward(aRe, aIm, bRe, bIm);
                for (int k = 0; k < n; k++)
                {
                    // α_k · Re((cos − i·sin)(re + i·im)) = α_k · (re·cos + im·sin)
                    var value = (bRe[k] * new Vector<float>(_cos[k]) + bIm[k] * new Vector<float>(_sin[k])) * new Vector<float>(_alpha[k]);
                    value.Store(output + (long)k * columns + c);
                }
            }
            else
            {
                for (int k = 0; k < n; k++)
                {
                    var x = Vector.Load(input + (long)k * columns + c) * new Vector<float>(_alpha[k]);
                    aRe[k] = x * new Vector<float>(_cos[k]);
                    aIm[k] = -x * new Vector<float>(_sin[k]);
                }

                _fft.Forward(aRe, aIm, bRe, bIm);
                for (int m = 0; m < n; m++)
                {
                    bRe[m].Store(output + (long)_source[m] * columns + c);
                }
            }
        }
    }
}
