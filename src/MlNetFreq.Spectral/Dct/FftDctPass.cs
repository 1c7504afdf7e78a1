using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The orthonormal 1-D DCT-II (or its inverse, DCT-III) of length n down every column of a row-major n×C matrix,
/// <see cref="Vector{T}.Count"/> columns at a time, through one complex FFT of length n (Makhoul 1980):
/// <list type="bullet">
/// <item>forward: v_m = x_{2m} and v_{n−1−m} = x_{2m+1}; V = DFT(v); X_k = α_k · Re(e^{−iπk/2n} · V_k) — two blocks of
/// columns share one complex FFT (one as its real part, one as its imaginary part, separated by symmetry afterwards);</item>
/// <item>inverse: W_k = α_k X_k · e^{−iπk/2n}; v = Re(DFT(W)); x_{2m} = v_m and x_{2m+1} = v_{n−1−m} — again two blocks
/// per complex FFT, through the Hermitian part of W (whose DFT is real);</item>
/// </list>
/// with α_0 = √(1/n) and α_k = √(2/n), the scaling of <see cref="DctBasis"/> (both identities checked against
/// <c>scipy.fft.dct/idct(norm="ortho")</c>). O(n log n) per column instead of the matrix form's O(n²); a last block of
/// columns that would run past C overlaps the previous one (its columns are recomputed identically).
/// </summary>
internal sealed class FftDctPass
{
    private readonly ILaneDft _fft;
    private readonly float[] _cos;   // cos(πk/2n)
    private readonly float[] _sin;   // sin(πk/2n)
    private readonly float[] _alpha;
    private readonly float[] _halfAlphaCos; // α_k·cos(πk/2n)/2 and α_k·sin(πk/2n)/2: the forward pass's final scaling
    private readonly float[] _halfAlphaSin;
    private readonly int[] _source;  // v_m = x[_source[m]]

    private FftDctPass(ILaneDft fft)
    {
        _fft = fft;
        int n = fft.Length;
        _cos = new float[n];
        _sin = new float[n];
        _alpha = new float[n];
        _source = new int[n];
        _halfAlphaCos = new float[n];
        _halfAlphaSin = new float[n];
        for (int k = 0; k < n; k++)
        {
            double angle = Math.PI * k / (2.0 * n), alpha = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
            _alpha[k] = (float)alpha;
            _source[k] = 2 * k < n ? 2 * k : 2 * (n - 1 - k) + 1;
            _halfAlphaCos[k] = (float)(alpha * Math.Cos(angle) / 2);
            _halfAlphaSin[k] = (float)(alpha * Math.Sin(angle) / 2);
        }
    }

    /// <summary>The transform length (rows of the matrices it transforms).</summary>
    public int Length => _fft.Length;

    /// <summary>Lengths with a prime factor above <see cref="LaneFft.MaxRadix"/> use Bluestein's DFT from here on (below it the matrix form is faster).</summary>
    public const int MinBluesteinLength = 160;

    /// <summary>The pass for length <paramref name="n"/>, or null where the matrix form is faster (see <see cref="MinBluesteinLength"/>).</summary>
    public static FftDctPass? TryCreate(int n) => LaneFft.TryCreate(n) is { } fft ? new FftDctPass(fft)
        : n >= MinBluesteinLength ? new FftDctPass(new BluesteinDft(n)) : null;

    /// <summary>Vectors of scratch <see cref="Transform"/> needs (four arrays of <see cref="Length"/> and the DFT's own).</summary>
    public int ScratchVectors => 4 * Length + _fft.ScratchVectors;

    /// <summary>
    /// Transforms every column of <paramref name="input"/> (n×<paramref name="columns"/>, row-major) into
    /// <paramref name="output"/> (same shape; may not overlap the input). Needs at least one vector of columns.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public unsafe void Transform(float* input, float* output, int columns, DctDirection direction, Span<Vector<float>> scratch)
    {
        int n = Length, lanes = Vector<float>.Count;
        var aRe = scratch[..n];
        var aIm = scratch.Slice(n, n);
        var bRe = scratch.Slice(2 * n, n);
        var bIm = scratch.Slice(3 * n, n);
        var dftScratch = scratch[(4 * n)..];
        int blocks = (columns + lanes - 1) / lanes;
        if (direction == DctDirection.Forward)
        {
            // Two blocks of real columns per complex FFT: the first as the real part, the second as the imaginary part.
            for (int block = 0; block < blocks; block += 2)
            {
                int c0 = Math.Min(block * lanes, columns - lanes); // the last block overlaps the previous one
                int c1 = block + 1 < blocks ? Math.Min((block + 1) * lanes, columns - lanes) : -1;
                for (int m = 0; m < n; m++)
                {
                    float* row = input + (long)_source[m] * columns;
                    aRe[m] = Vector.Load(row + c0);
                    aIm[m] = c1 >= 0 ? Vector.Load(row + c1) : Vector<float>.Zero;
                }

                _fft.Forward(aRe, aIm, bRe, bIm, dftScratch);
                for (int k = 0; k < n; k++)
                {
                    // The spectra of the two real parts: P_k = (Z_k + conj Z_{n−k})/2, Q_k = (Z_k − conj Z_{n−k})/2i;
                    // each column's coefficient is α_k · Re(e^{−iπk/2n} · P_k) = α_k · (P.re·cos + P.im·sin).
                    int mirror = k == 0 ? 0 : n - k;
                    Vector<float> zRe = bRe[k], zIm = bIm[k], wRe = bRe[mirror], wIm = bIm[mirror];
                    var cos = new Vector<float>(_halfAlphaCos[k]);
                    var sin = new Vector<float>(_halfAlphaSin[k]);
                    ((zRe + wRe) * cos + (zIm - wIm) * sin).Store(output + (long)k * columns + c0);
                    if (c1 >= 0)
                    {
                        ((zIm + wIm) * cos + (wRe - zRe) * sin).Store(output + (long)k * columns + c1);
                    }
                }
            }

            return;
        }

        // Two blocks per complex FFT again: Re(DFT(W)) is the DFT of the Hermitian part H_k = (W_k + conj W_{n−k})/2, which
        // is real, so the DFT of H^a + i·H^b holds block a's outputs in its real part and block b's in its imaginary part.
        // With u_k = α_k·X_k and W_k = u_k·e^{−iπk/2n}: H.re = (u_k·cos_k + u_{n−k}·cos_{n−k})/2,
        // H.im = (u_{n−k}·sin_{n−k} − u_k·sin_k)/2 (k = 0: H = u_0).
        for (int block = 0; block < blocks; block += 2)
        {
            int c0 = Math.Min(block * lanes, columns - lanes);
            int c1 = block + 1 < blocks ? Math.Min((block + 1) * lanes, columns - lanes) : -1;
            for (int k = 0; k < n; k++)
            {
                int mirror = k == 0 ? 0 : n - k;
                var (hRe, hIm) = Hermitian(input, columns, c0, k, mirror);
                if (c1 >= 0)
                {
                    var (gRe, gIm) = Hermitian(input, columns, c1, k, mirror);
                    aRe[k] = hRe - gIm;
                    aIm[k] = hIm + gRe;
                }
                else
                {
                    aRe[k] = hRe;
                    aIm[k] = hIm;
                }
            }

            _fft.Forward(aRe, aIm, bRe, bIm, dftScratch);
            for (int m = 0; m < n; m++)
            {
                bRe[m].Store(output + (long)_source[m] * columns + c0);
                if (c1 >= 0)
                {
                    bIm[m].Store(output + (long)_source[m] * columns + c1);
                }
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private unsafe (Vector<float> Re, Vector<float> Im) Hermitian(float* input, int columns, int c, int k, int mirror)
    {
        var uk = Vector.Load(input + (long)k * columns + c) * new Vector<float>(_alpha[k]);
        var um = Vector.Load(input + (long)mirror * columns + c) * new Vector<float>(_alpha[mirror]);
        if (k == 0)
        {
            return (uk, Vector<float>.Zero);
        }

        var half = new Vector<float>(0.5f);
        return ((uk * new Vector<float>(_cos[k]) + um * new Vector<float>(_cos[mirror])) * half,
            (um * new Vector<float>(_sin[mirror]) - uk * new Vector<float>(_sin[k])) * half);
    }
}
