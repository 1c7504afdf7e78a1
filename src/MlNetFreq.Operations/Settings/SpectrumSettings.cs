using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq;

/// <summary>The settings of <c>spectrum</c>: which bands, which value per band, where the DCT runs.</summary>
public sealed record SpectrumSettings : MethodOptions
{
    /// <summary>The band layout.</summary>
    [MethodOption("bands", "Frequency bands: diagonal (k = u + v, the paper's bands; H+W-1 of them) or radial (k = round(sqrt(u^2 + v^2))).")]
    public BandLayout Bands { get; init; } = BandLayout.Diagonal;

    /// <summary>The per-band value.</summary>
    [MethodOption("statistic", "Per-band value: mean-absolute (mean |DCT coefficient| over the band and all channels) or energy (sum of squared coefficients; sums to ||x||^2 over bands).")]
    [OptionAlias("mean-abs", Value = "mean-absolute")]
    public BandStatistic Statistic { get; init; } = BandStatistic.MeanAbsolute;

    /// <summary>The DCT backend.</summary>
    [MethodOption("backend", "DCT backend: auto (an ILGPU GPU accelerator when one is present, else managed), managed (multi-threaded SIMD, fastest on CPU) or ilgpu (ILGPU kernels; its CPU accelerator when there is no GPU).")]
    public DctBackendKind Backend { get; init; } = DctBackendKind.Auto;
}
