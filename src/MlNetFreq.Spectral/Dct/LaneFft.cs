using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The complex DFT <c>X_k = Σ_t x_t · e^{−2πi·tk/n}</c> of <see cref="Vector{T}.Count"/> independent sequences at once:
/// element t of every array is one <see cref="Vector{T}"/> whose lanes belong to different sequences (the columns of a
/// matrix), so every butterfly is plain SIMD arithmetic with no shuffles. Mixed radix, decimation in time, out of
/// place and recursive (Cooley–Tukey): n is factored into 4s, then 2, 3, 5 and 7; lengths with a larger prime factor are
/// not planned (<see cref="TryCreate"/> returns null) and stay with the matrix form. Twiddles are computed in double.
/// </summary>
internal sealed class LaneFft
{
    private readonly int[] _radix;    // radix of each stage, outermost first
    private readonly int[] _span;     // length of the sub-transforms each stage combines
    private readonly float[] _twRe;   // e^{−2πik/n}, k < n
    private readonly float[] _twIm;

    private LaneFft(int n, int[] radix)
    {
        Length = n;
        _radix = radix;
        _span = new int[radix.Length];
        int remaining = n;
        for (int s = 0; s < radix.Length; s++)
        {
            remaining /= radix[s];
            _span[s] = remaining;
        }

        _twRe = new float[n];
        _twIm = new float[n];
        for (int k = 0; k < n; k++)
        {
            double angle = -2 * Math.PI * k / n;
            _twRe[k] = (float)Math.Cos(angle);
            _twIm[k] = (float)Math.Sin(angle);
        }
    }

    /// <summary>The transform length.</summary>
    public int Length { get; }

    /// <summary>A plan for length <paramref name="n"/>, or null when n has a prime factor above 7.</summary>
    public static LaneFft? TryCreate(int n)
    {
        if (n < 2)
        {
            return null;
        }

        var radix = new List<int>();
        int rest = n;
        while (rest % 4 == 0)
        {
            radix.Add(4);
            rest /= 4;
        }

        foreach (int p in new[] { 2, 3, 5, 7 })
        {
            while (rest % p == 0)
            {
                radix.Add(p);
                rest /= p;
            }
        }

        return rest == 1 ? new LaneFft(n, [.. radix]) : null;
    }

    /// <summary>
    /// Transforms (<paramref name="inRe"/>, <paramref name="inIm"/>) into (<paramref name="outRe"/>, <paramref name="outIm"/>);
    /// all four hold <see cref="Length"/> vectors and the outputs must not overlap the inputs.
    /// </summary>
    public void Forward(ReadOnlySpan<Vector<float>> inRe, ReadOnlySpan<Vector<float>> inIm, Span<Vector<float>> outRe, Span<Vector<float>> outIm) =>
        Stage(inRe, inIm, outRe, outIm, 0, 1, 0);

    // Output block of length radix·span: the radix sub-transforms of the inputs decimated by radix (recursively), then
    // combined by one radix butterfly per output index j < span.
    private void Stage(ReadOnlySpan<Vector<float>> inRe, ReadOnlySpan<Vector<float>> inIm, Span<Vector<float>> outRe, Span<Vector<float>> outIm,
        int offset, int stride, int stage)
    {
        int p = _radix[stage], m = _span[stage];
        if (m == 1)
        {
            for (int q = 0; q < p; q++)
            {
                outRe[q] = inRe[offset + q * stride];
                outIm[q] = inIm[offset + q * stride];
            }
        }
        else
        {
            for (int q = 0; q < p; q++)
            {
                Stage(inRe, inIm, outRe.Slice(q * m, m), outIm.Slice(q * m, m), offset + q * stride, stride * p, stage + 1);
            }
        }

        int twStride = stride; // the twiddle of sub-transform q at index j is e^{−2πi·jq/(p·m)} = tw[j·q·stride]
        switch (p)
        {
            case 2:
                Radix2(outRe, outIm, m, twStride);
                break;
            case 4:
                Radix4(outRe, outIm, m, twStride);
                break;
            default:
                RadixOdd(outRe, outIm, p, m, twStride);
                break;
        }
    }

    private void Radix2(Span<Vector<float>> re, Span<Vector<float>> im, int m, int twStride)
    {
        for (int j = 0; j < m; j++)
        {
            var (bRe, bIm) = Twiddle(re[j + m], im[j + m], j * twStride);
            var aRe = re[j];
            var aIm = im[j];
            re[j] = aRe + bRe;
            im[j] = aIm + bIm;
            re[j + m] = aRe - bRe;
            im[j + m] = aIm - bIm;
        }
    }

    private void Radix4(Span<Vector<float>> re, Span<Vector<float>> im, int m, int twStride)
    {
        for (int j = 0; j < m; j++)
        {
            var t0Re = re[j];
            var t0Im = im[j];
            var (t1Re, t1Im) = Twiddle(re[j + m], im[j + m], j * twStride);
            var (t2Re, t2Im) = Twiddle(re[j + 2 * m], im[j + 2 * m], 2 * j * twStride);
            var (t3Re, t3Im) = Twiddle(re[j + 3 * m], im[j + 3 * m], 3 * j * twStride);
            Vector<float> a0Re = t0Re + t2Re, a0Im = t0Im + t2Im, a1Re = t0Re - t2Re, a1Im = t0Im - t2Im;
            Vector<float> a2Re = t1Re + t3Re, a2Im = t1Im + t3Im, a3Re = t1Re - t3Re, a3Im = t1Im - t3Im;
            re[j] = a0Re + a2Re;
            im[j] = a0Im + a2Im;
            re[j + 2 * m] = a0Re - a2Re;
            im[j + 2 * m] = a0Im - a2Im;
            re[j + m] = a1Re + a3Im;      // a1 − i·a3
            im[j + m] = a1Im - a3Re;
            re[j + 3 * m] = a1Re - a3Im;  // a1 + i·a3
            im[j + 3 * m] = a1Im + a3Re;
        }
    }

    // Radix 3, 5 or 7: the p twiddled inputs, then the p-point DFT by its definition (p² complex products).
    private void RadixOdd(Span<Vector<float>> re, Span<Vector<float>> im, int p, int m, int twStride)
    {
        Span<Vector<float>> tRe = stackalloc Vector<float>[p];
        Span<Vector<float>> tIm = stackalloc Vector<float>[p];
        int rootStride = Length / p; // e^{−2πi·qk/p} = tw[(q·k mod p)·n/p]
        for (int j = 0; j < m; j++)
        {
            tRe[0] = re[j];
            tIm[0] = im[j];
            for (int q = 1; q < p; q++)
            {
                (tRe[q], tIm[q]) = Twiddle(re[j + q * m], im[j + q * m], j * q * twStride);
            }

            for (int k = 0; k < p; k++)
            {
                Vector<float> sRe = tRe[0], sIm = tIm[0];
                for (int q = 1; q < p; q++)
                {
                    int root = q * k % p * rootStride;
                    var c = new Vector<float>(_twRe[root]);
                    var s = new Vector<float>(_twIm[root]);
                    sRe += tRe[q] * c - tIm[q] * s;
                    sIm += tRe[q] * s + tIm[q] * c;
                }

                re[j + k * m] = sRe;
                im[j + k * m] = sIm;
            }
        }
    }

    private (Vector<float> Re, Vector<float> Im) Twiddle(Vector<float> re, Vector<float> im, int k)
    {
        if (k == 0)
        {
            return (re, im);
        }

        var c = new Vector<float>(_twRe[k]);
        var s = new Vector<float>(_twIm[k]);
        return (re * c - im * s, re * s + im * c);
    }
}
