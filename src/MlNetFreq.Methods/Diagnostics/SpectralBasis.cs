namespace MlNetFreq;

/// <summary>The frequency basis a diagnostic works in.</summary>
public enum SpectralBasis
{
    /// <summary>The 2-D DFT: Yin et al.'s real Fourier basis for heat maps (a centred map), Wang et al.'s radial split for filtering.</summary>
    Fourier,

    /// <summary>The orthonormal 2-D DCT-II (our bands): an H × W heat map pooled per diagonal band; filtering by diagonal band k = u + v.</summary>
    Dct,
}
