using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The complex DFT <c>X_k = Σ_t x_t · e^{−2πi·tk/n}</c> of <see cref="Vector{T}.Count"/> independent sequences at once:
/// element t of every array is one <see cref="Vector{T}"/> whose lanes belong to different sequences (the columns of a
/// matrix), so every butterfly is plain SIMD arithmetic with no shuffles. Mixed radix, decimation in time, out of
/// place and recursive (Cooley–Tukey): n is factored into odd primes (outermost; radices 3 and 5 in closed form, others
/// by their definition paired symmetrically; up to 113 beside other factors, up to 61 alone), then 4s and at most one 2.
/// Other lengths are not planned (<see cref="TryCreate"/> returns null; <see cref="BluesteinDft"/> takes them).
/// Twiddles are computed in double.
/// The hot methods are compiled optimised at once (<c>AggressiveOptimization</c>): under tiered JIT a one-processor
/// process kept running their unoptimised first versions, 5× slower.
/// </summary>
internal sealed class LaneFft : ILaneDft
{
    private readonly int[] _radix;    // radix of each stage, outermost first
    private readonly int[] _span;     // length of the sub-transforms each stage combines
    private readonly Vector<float>[] _twRe;   // e^{−2πik/n}, k < n, broadcast once here instead of in every butterfly
    private readonly Vector<float>[] _twIm;
    private readonly (Vector<float>[] Cos, Vector<float>[] Sin)[] _roots; // per stage with an odd radix p: cos/sin(2πqk/p), q, k = 1 … p/2

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

        _twRe = new Vector<float>[n];
        _twIm = new Vector<float>[n];
        for (int k = 0; k < n; k++)
        {
            double angle = -2 * Math.PI * k / n;
            _twRe[k] = new Vector<float>((float)Math.Cos(angle));
            _twIm[k] = new Vector<float>((float)Math.Sin(angle));
        }

        _roots = new (Vector<float>[], Vector<float>[])[radix.Length];
        for (int stage = 0; stage < radix.Length; stage++)
        {
            int p = radix[stage];
            if (p % 2 == 0)
            {
                continue;
            }

            int half = p / 2;
            var cos = new Vector<float>[half * half];
            var sin = new Vector<float>[half * half];
            for (int k = 1; k <= half; k++)
            {
                for (int q = 1; q <= half; q++)
                {
                    double angle = 2 * Math.PI * (q * k % p) / p;
                    cos[(k - 1) * half + q - 1] = new Vector<float>((float)Math.Cos(angle));
                    sin[(k - 1) * half + q - 1] = new Vector<float>((float)Math.Sin(angle));
                }
            }

            _roots[stage] = (cos, sin);
        }
    }

    /// <inheritdoc />
    public int Length { get; }

    /// <inheritdoc />
    public int ScratchVectors => 0;

    /// <summary>
    /// The largest odd radix planned for any length: the butterfly of an odd radix p costs about p/2 complex products
    /// per point. A length that is itself a larger prime is left to Bluestein's algorithm or the matrix form.
    /// </summary>
    public const int MaxRadix = 61;

    /// <summary>The largest odd radix planned beside other factors (2 · 113 = 226 covers every length up to 224).</summary>
    public const int MaxRadixBesideOthers = 113;

    /// <summary>
    /// A plan for length <paramref name="n"/>, or null when n has a prime factor above <see cref="MaxRadixBesideOthers"/>
    /// or is itself a prime above <see cref="MaxRadix"/>.
    /// </summary>
    public static LaneFft? TryCreate(int n)
    {
        if (n < 2)
        {
            return null;
        }

        // Odd radices outermost (one call each, looping over many outputs), 4s innermost (many small calls, no twiddles).
        var radix = new List<int>();
        int rest = n;
        for (int p = MaxRadixBesideOthers; p >= 3; p -= 2)
        {
            if (!IsPrime(p) || (p > MaxRadix && n == p))
            {
                continue;
            }

            while (rest % p == 0)
            {
                radix.Add(p);
                rest /= p;
            }
        }

        while (rest % 4 == 0)
        {
            radix.Add(4);
            rest /= 4;
        }

        if (rest % 2 == 0)
        {
            radix.Add(2);
            rest /= 2;
        }

        return rest == 1 ? new LaneFft(n, [.. radix]) : null;
    }

    private static bool IsPrime(int p)
    {
        for (int d = 3; d * d <= p; d += 2)
        {
            if (p % d == 0)
            {
                return false;
            }
        }

        return p % 2 == 1;
    }

    /// <inheritdoc />
    public unsafe void Forward(ReadOnlySpan<Vector<float>> inRe, ReadOnlySpan<Vector<float>> inIm, Span<Vector<float>> outRe, Span<Vector<float>> outIm, Span<Vector<float>> scratch)
    {
        int n = Length;
        if (inRe.Length < n || inIm.Length < n || outRe.Length < n || outIm.Length < n)
        {
            throw new ArgumentException($"Expected {n} vectors in each of the four spans.");
        }

        // Pointers inside: the butterflies index far apart (j, j + m, j + 2m …), which bounds checks would make cost double.
        fixed (Vector<float>* ir = inRe, ii = inIm, or = outRe, oi = outIm)
        {
            Stage(ir, ii, or, oi, 0, 1, 0);
        }
    }

    // Output block of length radix·span: the radix sub-transforms of the inputs decimated by radix (recursively), then
    // combined by one radix butterfly per output index j < span.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void Stage(Vector<float>* inRe, Vector<float>* inIm, Vector<float>* outRe, Vector<float>* outIm, int offset, int stride, int stage)
    {
        int p = _radix[stage], m = _span[stage];
        if (m == 1 && p is 2 or 4)
        {
            Leaf(inRe, inIm, outRe, outIm, offset, stride, p);
            return;
        }

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
                Stage(inRe, inIm, outRe + q * m, outIm + q * m, offset + q * stride, stride * p, stage + 1);
            }
        }

        // The twiddle of sub-transform q at index j is e^{−2πi·jq/(p·m)} = tw[j·q·stride].
        switch (p)
        {
            case 2:
                Radix2(outRe, outIm, m, stride);
                break;
            case 4:
                Radix4(outRe, outIm, m, stride);
                break;
            case 3:
                Radix3(outRe, outIm, m, stride);
                break;
            case 5:
                Radix5(outRe, outIm, m, stride);
                break;
            default:
                RadixOdd(outRe, outIm, p, m, stride, _roots[stage]);
                break;
        }
    }

    // The innermost radix-2 or radix-4 transforms read their inputs where they lie (no copy, no twiddles: j = 0).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Leaf(Vector<float>* inRe, Vector<float>* inIm, Vector<float>* outRe, Vector<float>* outIm, int offset, int stride, int p)
    {
        Vector<float> t0Re = inRe[offset], t0Im = inIm[offset], t1Re = inRe[offset + stride], t1Im = inIm[offset + stride];
        if (p == 2)
        {
            outRe[0] = t0Re + t1Re;
            outIm[0] = t0Im + t1Im;
            outRe[1] = t0Re - t1Re;
            outIm[1] = t0Im - t1Im;
            return;
        }

        Butterfly4(t0Re, t0Im, t1Re, t1Im, inRe[offset + 2 * stride], inIm[offset + 2 * stride], inRe[offset + 3 * stride], inIm[offset + 3 * stride], outRe, outIm, 1);
    }

    // The 4-point DFT of t0 … t3 (already twiddled) into re/im[0], [step], [2·step], [3·step].
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Butterfly4(Vector<float> t0Re, Vector<float> t0Im, Vector<float> t1Re, Vector<float> t1Im, Vector<float> t2Re, Vector<float> t2Im,
        Vector<float> t3Re, Vector<float> t3Im, Vector<float>* re, Vector<float>* im, int step)
    {
        Vector<float> a0Re = t0Re + t2Re, a0Im = t0Im + t2Im, a1Re = t0Re - t2Re, a1Im = t0Im - t2Im;
        Vector<float> a2Re = t1Re + t3Re, a2Im = t1Im + t3Im, a3Re = t1Re - t3Re, a3Im = t1Im - t3Im;
        re[0] = a0Re + a2Re;
        im[0] = a0Im + a2Im;
        re[2 * step] = a0Re - a2Re;
        im[2 * step] = a0Im - a2Im;
        re[step] = a1Re + a3Im;      // a1 − i·a3
        im[step] = a1Im - a3Re;
        re[3 * step] = a1Re - a3Im;  // a1 + i·a3
        im[3 * step] = a1Im + a3Re;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void Radix2(Vector<float>* re, Vector<float>* im, int m, int twStride)
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void Radix4(Vector<float>* re, Vector<float>* im, int m, int twStride)
    {
        for (int j = 0; j < m; j++)
        {
            var t0Re = re[j];
            var t0Im = im[j];
            var (t1Re, t1Im) = Twiddle(re[j + m], im[j + m], j * twStride);
            var (t2Re, t2Im) = Twiddle(re[j + 2 * m], im[j + 2 * m], 2 * j * twStride);
            var (t3Re, t3Im) = Twiddle(re[j + 3 * m], im[j + 3 * m], 3 * j * twStride);
            Butterfly4(t0Re, t0Im, t1Re, t1Im, t2Re, t2Im, t3Re, t3Im, re + j, im + j, m);
        }
    }

    // Radix 3 in closed form: with s = t1 + t2 and d = t1 − t2, X0 = t0 + s, X1,2 = t0 − s/2 ∓ i·(√3/2)·d.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void Radix3(Vector<float>* re, Vector<float>* im, int m, int twStride)
    {
        var half = new Vector<float>(0.5f);
        var sin60 = new Vector<float>((float)(Math.Sqrt(3) / 2));
        for (int j = 0; j < m; j++)
        {
            var t0Re = re[j];
            var t0Im = im[j];
            var (t1Re, t1Im) = Twiddle(re[j + m], im[j + m], j * twStride);
            var (t2Re, t2Im) = Twiddle(re[j + 2 * m], im[j + 2 * m], 2 * j * twStride);
            Vector<float> sRe = t1Re + t2Re, sIm = t1Im + t2Im, dRe = (t1Re - t2Re) * sin60, dIm = (t1Im - t2Im) * sin60;
            Vector<float> aRe = t0Re - sRe * half, aIm = t0Im - sIm * half;
            re[j] = t0Re + sRe;
            im[j] = t0Im + sIm;
            re[j + m] = aRe + dIm;      // a − i·d
            im[j + m] = aIm - dRe;
            re[j + 2 * m] = aRe - dIm;  // a + i·d
            im[j + 2 * m] = aIm + dRe;
        }
    }

    // Radix 5 in closed form: the odd radix's pairing with its four constants held in registers.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void Radix5(Vector<float>* re, Vector<float>* im, int m, int twStride)
    {
        var c1 = new Vector<float>((float)Math.Cos(2 * Math.PI / 5));
        var c2 = new Vector<float>((float)Math.Cos(4 * Math.PI / 5));
        var s1 = new Vector<float>((float)Math.Sin(2 * Math.PI / 5));
        var s2 = new Vector<float>((float)Math.Sin(4 * Math.PI / 5));
        for (int j = 0; j < m; j++)
        {
            var t0Re = re[j];
            var t0Im = im[j];
            var (t1Re, t1Im) = Twiddle(re[j + m], im[j + m], j * twStride);
            var (t2Re, t2Im) = Twiddle(re[j + 2 * m], im[j + 2 * m], 2 * j * twStride);
            var (t3Re, t3Im) = Twiddle(re[j + 3 * m], im[j + 3 * m], 3 * j * twStride);
            var (t4Re, t4Im) = Twiddle(re[j + 4 * m], im[j + 4 * m], 4 * j * twStride);
            Vector<float> p1Re = t1Re + t4Re, p1Im = t1Im + t4Im, d1Re = t1Re - t4Re, d1Im = t1Im - t4Im;
            Vector<float> p2Re = t2Re + t3Re, p2Im = t2Im + t3Im, d2Re = t2Re - t3Re, d2Im = t2Im - t3Im;
            re[j] = t0Re + p1Re + p2Re;
            im[j] = t0Im + p1Im + p2Im;
            Vector<float> a1Re = t0Re + c1 * p1Re + c2 * p2Re, a1Im = t0Im + c1 * p1Im + c2 * p2Im;
            Vector<float> b1Re = s1 * d1Re + s2 * d2Re, b1Im = s1 * d1Im + s2 * d2Im;
            Vector<float> a2Re = t0Re + c2 * p1Re + c1 * p2Re, a2Im = t0Im + c2 * p1Im + c1 * p2Im;
            Vector<float> b2Re = s2 * d1Re - s1 * d2Re, b2Im = s2 * d1Im - s1 * d2Im;
            re[j + m] = a1Re + b1Im;      // A1 − i·B1
            im[j + m] = a1Im - b1Re;
            re[j + 4 * m] = a1Re - b1Im;  // A1 + i·B1
            im[j + 4 * m] = a1Im + b1Re;
            re[j + 2 * m] = a2Re + b2Im;  // A2 − i·B2
            im[j + 2 * m] = a2Im - b2Re;
            re[j + 3 * m] = a2Re - b2Im;  // A2 + i·B2
            im[j + 3 * m] = a2Im + b2Re;
        }
    }

    // An odd prime radix p on the p twiddled inputs t_q, pairing q with p − q: with s_q = t_q + t_{p−q}, d_q = t_q − t_{p−q},
    // A_k = t_0 + Σ_q s_q·cos(2πqk/p) and B_k = Σ_q d_q·sin(2πqk/p) (q = 1 … (p−1)/2), X_k = A_k − i·B_k and
    // X_{p−k} = A_k + i·B_k: a quarter of the definition's real products.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void RadixOdd(Vector<float>* re, Vector<float>* im, int p, int m, int twStride, (Vector<float>[] Cos, Vector<float>[] Sin) roots)
    {
        int half = p / 2;
        Vector<float>* tRe = stackalloc Vector<float>[p];
        Vector<float>* tIm = stackalloc Vector<float>[p];
        Vector<float>* sRe = stackalloc Vector<float>[half];
        Vector<float>* sIm = stackalloc Vector<float>[half];
        Vector<float>* dRe = stackalloc Vector<float>[half];
        Vector<float>* dIm = stackalloc Vector<float>[half];

        var (cosTable, sinTable) = roots;
        for (int j = 0; j < m; j++)
        {
            tRe[0] = re[j];
            tIm[0] = im[j];
            for (int q = 1; q < p; q++)
            {
                (tRe[q], tIm[q]) = Twiddle(re[j + q * m], im[j + q * m], j * q * twStride);
            }

            Vector<float> sumRe = tRe[0], sumIm = tIm[0];
            for (int q = 0; q < half; q++)
            {
                sRe[q] = tRe[q + 1] + tRe[p - 1 - q];
                sIm[q] = tIm[q + 1] + tIm[p - 1 - q];
                dRe[q] = tRe[q + 1] - tRe[p - 1 - q];
                dIm[q] = tIm[q + 1] - tIm[p - 1 - q];
                sumRe += sRe[q];
                sumIm += sIm[q];
            }

            re[j] = sumRe;
            im[j] = sumIm;
            for (int k = 1; k <= half; k++)
            {
                Vector<float> aRe = tRe[0], aIm = tIm[0], bRe = default, bIm = default;
                int row = (k - 1) * half;
                for (int q = 0; q < half; q++)
                {
                    var c = cosTable[row + q];
                    var sn = sinTable[row + q];
                    aRe += sRe[q] * c;
                    aIm += sIm[q] * c;
                    bRe += dRe[q] * sn;
                    bIm += dIm[q] * sn;
                }

                re[j + k * m] = aRe + bIm;        // A − i·B
                im[j + k * m] = aIm - bRe;
                re[j + (p - k) * m] = aRe - bIm;  // A + i·B
                im[j + (p - k) * m] = aIm + bRe;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private (Vector<float> Re, Vector<float> Im) Twiddle(Vector<float> re, Vector<float> im, int k)
    {
        if (k == 0)
        {
            return (re, im);
        }

        var c = _twRe[k];
        var s = _twIm[k];
        return (re * c - im * s, re * s + im * c);
    }
}
