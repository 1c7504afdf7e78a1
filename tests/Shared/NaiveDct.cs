namespace MlNetFreq.Tests.Shared;

/// <summary>
/// The textbook O(H²W²) definition, in double precision, as an independent reference:
/// X[u,v] = α_u α_v Σ_h Σ_w x[h,w] cos(π(2h+1)u / 2H) cos(π(2w+1)v / 2W), α_0 = √(1/N), α_k = √(2/N);
/// the inverse swaps the roles: x[h,w] = Σ_u Σ_v α_u α_v X[u,v] cos(…) cos(…).
/// </summary>
internal static class NaiveDct
{
    public static double[] Transform(ReadOnlySpan<float> input, int planes, int h, int w, bool inverse)
    {
        var output = new double[input.Length];
        for (int p = 0; p < planes; p++)
        {
            int b = p * h * w;
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double acc = 0;
                    for (int a = 0; a < h; a++)
                    {
                        for (int c = 0; c < w; c++)
                        {
                            // forward: (i,j) = frequency, (a,c) = sample; inverse: (a,c) = frequency, (i,j) = sample.
                            double basis = inverse ? Basis(a, i, h) * Basis(c, j, w) : Basis(i, a, h) * Basis(j, c, w);
                            acc += input[b + a * w + c] * basis;
                        }
                    }

                    output[b + i * w + j] = acc;
                }
            }
        }

        return output;
    }

    private static double Basis(int k, int n, int size) =>
        (k == 0 ? Math.Sqrt(1.0 / size) : Math.Sqrt(2.0 / size)) * Math.Cos(Math.PI * (2 * n + 1) * k / (2.0 * size));
}
