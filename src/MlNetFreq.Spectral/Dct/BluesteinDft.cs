using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The DFT of any length n (with a prime factor above <see cref="LaneFft.MaxRadix"/>) as a convolution (Bluestein 1970): with the chirp
/// w_j = e^{iπ·j²/n} and tk = (t² + k² − (k − t)²)/2, <c>X_k = conj(w_k) · Σ_t (x_t · conj(w_t)) · w_{k−t}</c>, a cyclic
/// convolution computed by two FFTs of the power of two M ≥ 2n − 1 and the chirp's transform, made
/// once. About four smooth FFTs of length n in cost: O(n log n) where the matrix form is O(n²).
/// </summary>
internal sealed class BluesteinDft : ILaneDft
{
    private readonly LaneFft _fft;          // length M
    private readonly Vector<float>[] _wRe;  // w_t, t < n
    private readonly Vector<float>[] _wIm;
    private readonly Vector<float>[] _bRe;  // FFT_M of the wrapped chirp, divided by M (the inverse FFT's scale)
    private readonly Vector<float>[] _bIm;

    public BluesteinDft(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        Length = n;
        // A power of two: radix-4 stages are the FFT's fastest (a smooth length with 3s, 5s and 7s near 2n − 1 measured
        // up to 3× slower per point).
        int m = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
        _fft = LaneFft.TryCreate(m)!;
        _wRe = new Vector<float>[n];
        _wIm = new Vector<float>[n];
        var chirpRe = new double[m];
        var chirpIm = new double[m];
        for (int j = 0; j < n; j++)
        {
            // j² mod 2n keeps the angle exact for large j.
            double angle = Math.PI * ((long)j * j % (2L * n)) / n;
            _wRe[j] = new Vector<float>((float)Math.Cos(angle));
            _wIm[j] = new Vector<float>((float)Math.Sin(angle));
            chirpRe[j] = Math.Cos(angle);
            chirpIm[j] = Math.Sin(angle);
            if (j > 0)
            {
                chirpRe[m - j] = chirpRe[j];
                chirpIm[m - j] = chirpIm[j];
            }
        }

        // The chirp's transform in double (once), divided by M.
        _bRe = new Vector<float>[m];
        _bIm = new Vector<float>[m];
        for (int k = 0; k < m; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < m; t++)
            {
                double angle = -2 * Math.PI * ((long)t * k % m) / m;
                (double s, double c) = Math.SinCos(angle);
                re += chirpRe[t] * c - chirpIm[t] * s;
                im += chirpRe[t] * s + chirpIm[t] * c;
            }

            _bRe[k] = new Vector<float>((float)(re / m));
            _bIm[k] = new Vector<float>((float)(im / m));
        }
    }

    /// <inheritdoc />
    public int Length { get; }

    /// <inheritdoc />
    public int ScratchVectors => 4 * _fft.Length;

    /// <inheritdoc />
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<Vector<float>> inRe, ReadOnlySpan<Vector<float>> inIm, Span<Vector<float>> outRe, Span<Vector<float>> outIm, Span<Vector<float>> scratch)
    {
        int n = Length, m = _fft.Length;
        var aRe = scratch[..m];
        var aIm = scratch.Slice(m, m);
        var zRe = scratch.Slice(2 * m, m);
        var zIm = scratch.Slice(3 * m, m);
        for (int t = 0; t < n; t++)
        {
            // x_t · conj(w_t)
            aRe[t] = inRe[t] * _wRe[t] + inIm[t] * _wIm[t];
            aIm[t] = inIm[t] * _wRe[t] - inRe[t] * _wIm[t];
        }

        aRe[n..].Clear();
        aIm[n..].Clear();
        _fft.Forward(aRe, aIm, zRe, zIm, []);
        for (int k = 0; k < m; k++)
        {
            // conj(A_k · B_k): the inverse FFT as a forward FFT of the conjugate
            var re = zRe[k] * _bRe[k] - zIm[k] * _bIm[k];
            var im = zRe[k] * _bIm[k] + zIm[k] * _bRe[k];
            aRe[k] = re;
            aIm[k] = -im;
        }

        _fft.Forward(aRe, aIm, zRe, zIm, []);
        for (int k = 0; k < n; k++)
        {
            // X_k = conj(w_k) · conj(Z_k) = conj(w_k · Z_k)
            outRe[k] = zRe[k] * _wRe[k] - zIm[k] * _wIm[k];
            outIm[k] = -(zRe[k] * _wIm[k] + zIm[k] * _wRe[k]);
        }
    }
}
