using System.Numerics;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// <c>O = A · B</c> for the small row-major matrices of a DCT pass (A: rows×inner, B: inner×cols).
/// Vectorised along the columns of B and O: each output row is a sum of rows of B scaled by broadcast entries
/// of A, kept in up to four SIMD accumulators so each B row is loaded once per output-row block. A width that is
/// not a multiple of the vector size (28, 30…) ends with one vector that overlaps the previous ones (in kernels of one,
/// two or four vectors, so 36 columns cost five vectors, not eight): the overlapped
/// columns are computed again by the same sums in the same order, so they get the same values, and no column falls
/// back to a scalar loop (which read B with a stride of a whole row and made 28×28 3.4× slower per value than 32×32).
/// </summary>
internal static unsafe class SmallMatrixProduct
{
    public static void Multiply(float* a, float* b, float* o, int rows, int inner, int cols)
    {
        int vw = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            float* ar = a + (long)r * inner;
            float* orow = o + (long)r * cols;
            int j = 0;
            for (; j + 4 * vw <= cols; j += 4 * vw)
            {
                FourVectors(ar, b, orow, inner, cols, j, j + vw, j + 2 * vw, j + 3 * vw);
            }

            if (j < cols && cols >= vw)
            {
                // One to four vectors remain; the last is shifted left to end at the last column (its repeats are harmless).
                int last = cols - vw;
                switch ((cols - j + vw - 1) / vw)
                {
                    case 1:
                        OneVector(ar, b, orow, inner, cols, last);
                        break;
                    case 2:
                        TwoVectors(ar, b, orow, inner, cols, j, last);
                        break;
                    case 3:
                        TwoVectors(ar, b, orow, inner, cols, j, j + vw);
                        OneVector(ar, b, orow, inner, cols, last);
                        break;
                    default:
                        FourVectors(ar, b, orow, inner, cols, j, j + vw, j + 2 * vw, last);
                        break;
                }

                j = cols;
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

    private static void OneVector(float* ar, float* b, float* orow, int inner, int cols, int c0)
    {
        Vector<float> acc = default;
        float* bt = b;
        for (int t = 0; t < inner; t++, bt += cols)
        {
            acc = Vector.FusedMultiplyAdd(new Vector<float>(ar[t]), Vector.Load(bt + c0), acc);
        }

        acc.Store(orow + c0);
    }

    private static void TwoVectors(float* ar, float* b, float* orow, int inner, int cols, int c0, int c1)
    {
        Vector<float> acc0 = default, acc1 = default;
        float* bt = b;
        for (int t = 0; t < inner; t++, bt += cols)
        {
            var s = new Vector<float>(ar[t]);
            acc0 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c0), acc0);
            acc1 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c1), acc1);
        }

        acc0.Store(orow + c0);
        acc1.Store(orow + c1);
    }

    // Output columns [c0, c0 + vw), … of one row in four accumulators: each row of B is read once per broadcast of A.
    private static void FourVectors(float* ar, float* b, float* orow, int inner, int cols, int c0, int c1, int c2, int c3)
    {
        Vector<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        float* bt = b;
        for (int t = 0; t < inner; t++, bt += cols)
        {
            var s = new Vector<float>(ar[t]);
            acc0 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c0), acc0);
            acc1 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c1), acc1);
            acc2 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c2), acc2);
            acc3 = Vector.FusedMultiplyAdd(s, Vector.Load(bt + c3), acc3);
        }

        acc0.Store(orow + c0);
        acc1.Store(orow + c1);
        acc2.Store(orow + c2);
        acc3.Store(orow + c3);
    }
}
