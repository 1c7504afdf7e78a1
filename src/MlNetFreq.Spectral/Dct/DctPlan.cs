namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// The two matrices of one 2-D transform of H×W planes, written as two small matrix products
/// <c>Y = Left · X · Right</c>: forward <c>Left = D_H</c>, <c>Right = D_Wᵀ</c>; inverse <c>Left = D_Hᵀ</c>, <c>Right = D_W</c>
/// (see <see cref="DctBasis"/>). Both are row-major single precision, built once and shared.
/// </summary>
public sealed class DctPlan
{
    /// <summary>Builds the plan for H×W planes.</summary>
    public DctPlan(int height, int width, DctDirection direction)
    {
        Height = height;
        Width = width;
        Direction = direction;
        Left = DctBasis.CreateSingle(height, direction);
        Right = DctBasis.CreateSingle(width, direction, transposeResult: true);
        Fast = FftDctPlan.TryCreate(height, width, direction);
    }

    /// <summary>Rows per plane.</summary>
    public int Height { get; }

    /// <summary>Columns per plane.</summary>
    public int Width { get; }

    /// <summary>Forward (DCT-II) or inverse (DCT-III).</summary>
    public DctDirection Direction { get; }

    /// <summary>H×H matrix applied on the left.</summary>
    public float[] Left { get; }

    /// <summary>W×W matrix applied on the right.</summary>
    public float[] Right { get; }

    /// <summary>The FFT form for large planes, or null where the matrix form is used.</summary>
    internal FftDctPlan? Fast { get; }
}
