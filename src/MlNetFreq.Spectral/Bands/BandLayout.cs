using MlNetFreq.Spectral.Bands;
namespace MlNetFreq;

/// <summary>How DCT coefficients (u, v) are grouped into frequency bands.</summary>
public enum BandLayout
{
    /// <summary>Band <c>k = u + v</c>, k = 0 … H+W−2: anti-diagonals from the top-left (DC) corner (the paper's bands).</summary>
    Diagonal,

    /// <summary>Band <c>k = round(√(u² + v²))</c>: rings of equal radial frequency.</summary>
    Radial,
}
