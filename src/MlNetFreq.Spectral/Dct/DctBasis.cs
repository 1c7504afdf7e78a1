namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The orthonormal DCT-II matrix of size n: <c>D[k, i] = α_k · cos(π (2i + 1) k / 2n)</c> with
/// <c>α_0 = √(1/n)</c> and <c>α_k = √(2/n)</c> for k &gt; 0. Then <c>X = D · x</c> equals
/// <c>scipy.fft.dct(x, type=2, norm="ortho")</c> and, D being orthogonal, <c>x = Dᵀ · X</c> is the inverse (DCT-III).
/// </summary>
public static class DctBasis
{
    /// <summary>The n×n matrix, row-major (row = frequency k, column = sample i), computed in double precision.</summary>
    public static double[] Create(int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A DCT needs at least one sample (n ≥ 1).");
        }

        var d = new double[n * n];
        double a0 = Math.Sqrt(1.0 / n);
        double ak = Math.Sqrt(2.0 / n);
        for (int k = 0; k < n; k++)
        {
            double alpha = k == 0 ? a0 : ak;
            for (int i = 0; i < n; i++)
            {
                // Reduce the angle's integer numerator modulo 4n first so large n keeps full precision.
                long num = (long)(2 * i + 1) * k % (4L * n);
                d[k * n + i] = alpha * Math.Cos(Math.PI * num / (2.0 * n));
            }
        }

        return d;
    }

    /// <summary>The matrix a pass applies: D for the forward transform, Dᵀ for the inverse; in single precision.</summary>
    public static float[] CreateSingle(int n, DctDirection direction, bool transposeResult = false)
    {
        double[] d = Create(n);
        bool transpose = (direction == DctDirection.Inverse) ^ transposeResult;
        var result = new float[n * n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                result[r * n + c] = (float)(transpose ? d[c * n + r] : d[r * n + c]);
            }
        }

        return result;
    }
}
