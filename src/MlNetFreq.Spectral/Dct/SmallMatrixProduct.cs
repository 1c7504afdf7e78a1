using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// <c>O = A · B</c> for the small row-major matrices of a DCT pass (A: rows×inner, B: inner×cols).
/// Vectorised along the columns of B and O: each output row is a sum of rows of B scaled by broadcast entries
/// of A, kept in up to four SIMD accumulators so each B row is loaded once per output-row block.
/// </summary>
internal static unsafe class SmallMatrixProduct
{
    public static void Multiply(float* a, float* b, float* o, int rows, int inner, int cols)
    {
        int vw = Vector<float>.Count;
        int vecEnd = cols - cols % vw;
        for (int r = 0; r < rows; r++)
        {
            float* ar = a + (long)r * inner;
            float* orow = o + (long)r * cols;
            int j = 0;
            for (; j + 4 * vw <= vecEnd; j += 4 * vw)
            {
                Vector<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
                float* bj = b + j;
                for (int t = 0; t < inner; t++, bj += cols)
                {
                    var s = new Vector<float>(ar[t]);
                    acc0 = Vector.FusedMultiplyAdd(s, Vector.Load(bj), acc0);
                    acc1 = Vector.FusedMultiplyAdd(s, Vector.Load(bj + vw), acc1);
                    acc2 = Vector.FusedMultiplyAdd(s, Vector.Load(bj + 2 * vw), acc2);
                    acc3 = Vector.FusedMultiplyAdd(s, Vector.Load(bj + 3 * vw), acc3);
                }

                acc0.Store(orow + j);
                acc1.Store(orow + j + vw);
                acc2.Store(orow + j + 2 * vw);
                acc3.Store(orow + j + 3 * vw);
            }

            for (; j < vecEnd; j += vw)
            {
                Vector<float> acc = default;
                float* bj = b + j;
                for (int t = 0; t < inner; t++, bj += cols)
                {
                    acc = Vector.FusedMultiplyAdd(new Vector<float>(ar[t]), Vector.Load(bj), acc);
                }

                acc.Store(orow + j);
            }

            for (; j < cols; j++)
            {
                float acc = 0;
                for (int t = 0; t < inner; t++)
                {
                    acc = MathF.FusedMultiplyAdd(ar[t], b[(long)t * cols + j], acc);
                }

                orow[j] = acc;
            }
        }
    }
}
