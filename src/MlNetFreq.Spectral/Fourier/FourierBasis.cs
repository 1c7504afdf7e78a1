namespace MlNetFreq.Spectral.Fourier;

/// <summary>
/// The real Fourier basis images of Yin et al. (NeurIPS 2019, "A Fourier Perspective on Model Robustness in Computer
/// Vision") for an H × W plane. Frequencies are written centred: (a, b) with the zero frequency at the middle of the map.
/// The basis image of (a, b) is the real part of the inverse 2-D DFT of a spectrum holding 0.5 + 0.5i at (a, b) and
/// 0.5 − 0.5i at (−a, −b), scaled by √(HW) — in closed form
/// <c>U(m, n) = (cos θ − sin θ) / √(HW)</c>, <c>θ = 2π (a·m/H + b·n/W)</c>, which has unit L2 norm. A frequency and its
/// conjugate (−a, −b) give the same image (the reference code assigns one image to both); the image is built from the
/// member of the pair that comes first in row-major order of the map, as the reference does.
/// <para>The map leaves out the Nyquist row or column of an even axis (its frequency −n/2 has no partner inside the
/// map), so it is (H−1) × (W−1) for even sizes — 31 × 31 for CIFAR-10, as in the paper — and H × W for odd ones.</para>
/// </summary>
public sealed class FourierBasis
{
    private readonly int[] _representative;
    private readonly int[] _cellOfDistinct;

    /// <summary>The basis of an H × W plane.</summary>
    public FourierBasis(int height, int width)
    {
        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A Fourier basis needs H, W ≥ 1, found {height} × {width}.");
        }

        Height = height;
        Width = width;
        MapHeight = height % 2 == 0 ? height - 1 : height;
        MapWidth = width % 2 == 0 ? width - 1 : width;
        _representative = new int[MapHeight * MapWidth];
        var distinct = new List<int>();
        for (int cell = 0; cell < _representative.Length; cell++)
        {
            var (a, b) = FrequencyOf(cell);
            int mirror = CellOf(-a, -b);
            if (mirror < cell)
            {
                _representative[cell] = _representative[mirror];
            }
            else
            {
                _representative[cell] = distinct.Count;
                distinct.Add(cell);
            }
        }

        _cellOfDistinct = [.. distinct];
    }

    /// <summary>Rows of the plane.</summary>
    public int Height { get; }

    /// <summary>Columns of the plane.</summary>
    public int Width { get; }

    /// <summary>Rows of the heat map: H − 1 for even H, H for odd H.</summary>
    public int MapHeight { get; }

    /// <summary>Columns of the heat map: W − 1 for even W, W for odd W.</summary>
    public int MapWidth { get; }

    /// <summary>Distinct basis images: (MapHeight · MapWidth + 1) / 2 (one per conjugate pair, plus the zero frequency).</summary>
    public int DistinctCount => _cellOfDistinct.Length;

    /// <summary>For every map cell (row-major), the index of its distinct basis image.</summary>
    public ReadOnlySpan<int> DistinctOfCell => _representative;

    /// <summary>The centred frequency (a, b) of a map cell; the zero frequency is the middle cell.</summary>
    public (int A, int B) FrequencyOf(int cell) => (cell / MapWidth - (MapHeight - 1) / 2, cell % MapWidth - (MapWidth - 1) / 2);

    /// <summary>The map cell of the centred frequency (a, b).</summary>
    public int CellOf(int a, int b) => (a + (MapHeight - 1) / 2) * MapWidth + b + (MapWidth - 1) / 2;

    /// <summary>The map cell that defines distinct basis image <paramref name="index"/>.</summary>
    public int CellOfDistinct(int index) => _cellOfDistinct[index];

    /// <summary>Writes distinct basis image <paramref name="index"/> (H × W, row-major, unit L2 norm) into <paramref name="image"/>.</summary>
    public void Write(int index, Span<float> image)
    {
        if (image.Length != Height * Width)
        {
            throw new ArgumentException($"Expected a plane of {Height} × {Width} = {Height * Width} values, found {image.Length}.", nameof(image));
        }

        var (a, b) = FrequencyOf(_cellOfDistinct[index]);
        double scale = 1 / Math.Sqrt((double)Height * Width);
        for (int m = 0; m < Height; m++)
        {
            // The angle's numerators are reduced modulo H and W first, so large planes keep full precision.
            double rowTurns = (double)(((long)a * m % Height + Height) % Height) / Height;
            for (int n = 0; n < Width; n++)
            {
                double theta = 2 * Math.PI * (rowTurns + (double)(((long)b * n % Width + Width) % Width) / Width);
                image[m * Width + n] = (float)((Math.Cos(theta) - Math.Sin(theta)) * scale);
            }
        }
    }
}
