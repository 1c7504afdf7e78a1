namespace MlNetFreq;

/// <summary>How the axes of an image array in a .npy file are ordered.</summary>
public enum ImageLayout
{
    /// <summary>
    /// The convention: float arrays are [N, C, H, W], uint8 arrays [N, H, W, C]; a float array that looks like
    /// [N, H, W, C] (last axis 1, 3 or 4, second axis not) is refused as ambiguous.
    /// </summary>
    Auto,

    /// <summary>[N, C, H, W], whatever the element type.</summary>
    Nchw,

    /// <summary>[N, H, W, C], whatever the element type.</summary>
    Nhwc,
}
