using MlNetFreq.Methods.Validation;

namespace MlNetFreq.Methods.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void WilsonIntervalMatchesClosedForms()
    {
        // k = 0: lower 0, upper z²/(n + z²) with z = 1.959964 (95 %).
        double z2 = 1.959963984540054 * 1.959963984540054;
        var (lo, hi) = WilsonInterval.Of(0, 10);
        Assert.Equal(0, lo, 12);
        Assert.Equal(z2 / (10 + z2), hi, 9);
        // Mirror symmetry: the interval of n − k successes is 1 minus that of k.
        var (a, b) = WilsonInterval.Of(37, 120);
        var (c, d) = WilsonInterval.Of(83, 120);
        Assert.Equal(1 - b, c, 12);
        Assert.Equal(1 - a, d, 12);
        // p̂ = ½: centred on ½ with half-width z·√(1/4n + z²/4n²)/(1 + z²/n).
        var (e, f) = WilsonInterval.Of(50, 100);
        double half = Math.Sqrt(0.25 / 100 + z2 / 40000) * 1.959963984540054 / (1 + z2 / 100);
        Assert.Equal(0.5 - half, e, 9);
        Assert.Equal(0.5 + half, f, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(3, 2));
    }
}
