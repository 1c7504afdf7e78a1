using CsCheck;
using MlNetFreq.Spectral.Bounds;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Tests;

public sealed class PerturbationBoundsTests
{
    [Fact]
    public void BoundsHoldForRandomPerturbations()
    {
        using var dct = new ManagedDctBackend(maxThreads: 1);
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12], Gen.Float[-1f, 1f].Array[144]).Sample((h, w, values) =>
        {
            float[] delta = values[..(h * w)];
            double linf = delta.Max(v => Math.Abs((double)v));
            double l2 = Math.Sqrt(delta.Sum(v => (double)v * v));
            Assert.True(linf >= PerturbationBounds.LinfLowerBound(delta) - 1e-7);
            Assert.True(l2 >= PerturbationBounds.L2LowerBound(delta) - 1e-6);

            var spectrum = new float[h * w];
            dct.Transform(delta, spectrum, new ImageBatchShape(1, 1, h, w), DctDirection.Forward);
            double fromDct = PerturbationBounds.L2LowerBoundFromDct(spectrum);
            Assert.True(l2 >= fromDct - 1e-5);
            // D(0,0) = Σδ/√n: the DCT and DFT forms of the L2 bound are the same number.
            Assert.Equal(PerturbationBounds.L2LowerBound(delta), fromDct, 1e-5);
        }, iter: 500);
    }

    [Fact]
    public void BoundsAreTightForConstantPerturbations()
    {
        // δ = c everywhere: Δ(0,0) = n·c, so ‖δ‖∞ = |c| = |Δ(0,0)|/n and ‖δ‖₂ = |c|√n = |Δ(0,0)|/√n.
        var delta = Enumerable.Repeat(-0.25f, 49).ToArray();
        Assert.Equal(-0.25 * 49, PerturbationBounds.ZeroFrequency(delta), 1e-12);
        Assert.Equal(0.25, PerturbationBounds.LinfLowerBound(delta), 1e-12);
        Assert.Equal(0.25 * 7, PerturbationBounds.L2LowerBound(delta), 1e-12);
    }

    [Fact]
    public void EmptyPlaneIsRejected()
    {
        Assert.Throws<ArgumentException>(() => PerturbationBounds.LinfLowerBound(ReadOnlySpan<float>.Empty));
    }
}
