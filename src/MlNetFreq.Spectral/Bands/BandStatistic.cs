using MlNetFreq.Spectral.Bands;
namespace MlNetFreq;

/// <summary>What band pooling computes per band.</summary>
public enum BandStatistic
{
    /// <summary>Mean |X(u,v)| over the band's coefficients in all channels.</summary>
    MeanAbsolute,

    /// <summary>Σ X(u,v)² over the band's coefficients in all channels; over all bands it sums to ‖x‖² (Parseval).</summary>
    Energy,
}
