using MlNetFreq.Spectral.Dct;
namespace MlNetFreq;

/// <summary>Which transform to apply.</summary>
public enum DctDirection
{
    /// <summary>Orthonormal DCT-II: <c>scipy.fft.dctn(x, type=2, norm="ortho")</c>.</summary>
    Forward,

    /// <summary>Orthonormal DCT-III, the inverse of <see cref="Forward"/>: <c>scipy.fft.idctn(X, type=2, norm="ortho")</c>.</summary>
    Inverse,
}
