using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Tests;

public sealed class BandTests
{
    [Theory]
    [InlineData(32, 32, 63)]
    [InlineData(28, 28, 55)]
    [InlineData(7, 5, 11)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 9, 9)]
    public void DiagonalBandCountIsHPlusWMinusOne(int h, int w, int count)
    {
        var bands = FrequencyBands.Create(h, w);
        Assert.Equal(count, bands.Count);
        Assert.Equal(h * w, bands.Sizes.ToArray().Sum());

        // Band k of an H×W grid has as many members as there are u in [max(0, k−W+1), min(k, H−1)].
        for (int k = 0; k < count; k++)
        {
            int expected = Math.Min(k, h - 1) - Math.Max(0, k - w + 1) + 1;
            Assert.Equal(expected, bands.Sizes[k]);
        }
    }

    [Fact]
    public void RadialBandsRoundTheRadius()
    {
        var bands = FrequencyBands.Create(32, 32, BandLayout.Radial);
        Assert.Equal(45, bands.Count); // round(√(31² + 31²)) = round(43.84) = 44
        Assert.Equal(0, bands.BandAt(0, 0));
        Assert.Equal(4, bands.BandAt(3, 3)); // √18 = 4.24
        Assert.Equal(5, bands.BandAt(3, 4)); // exactly 5
        Assert.Equal(44, bands.BandAt(31, 31));
        Assert.All(bands.Sizes.ToArray(), s => Assert.True(s > 0));
    }

    [Fact]
    public void MasksSelectTheirBands()
    {
        var bands = FrequencyBands.Create(5, 7);
        float[] band3 = bands.Mask(3);
        float[] low = bands.LowPassMask(2);
        for (int u = 0; u < 5; u++)
        {
            for (int v = 0; v < 7; v++)
            {
                Assert.Equal(u + v == 3 ? 1f : 0f, band3[u * 7 + v]);
                Assert.Equal(u + v <= 2 ? 1f : 0f, low[u * 7 + v]);
            }
        }

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => bands.Mask(11));
        Assert.Contains("0…10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolingEnergySumsToImageEnergyAndMeanAbsMatchesDefinition()
    {
        var shape = new ImageBatchShape(3, 2, 9, 6);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: 5);
        var spectrum = new float[x.Length];
        using var dct = new ManagedDctBackend();
        dct.Transform(x, spectrum, shape, DctDirection.Forward);
        var bands = FrequencyBands.Create(9, 6);
        var energy = new float[3 * bands.Count];
        var meanAbs = new float[3 * bands.Count];
        BandPooling.Pool(spectrum, shape, bands, BandStatistic.Energy, energy);
        BandPooling.Pool(spectrum, shape, bands, BandStatistic.MeanAbsolute, meanAbs);
        for (int n = 0; n < 3; n++)
        {
            double imageEnergy = x.Skip(n * shape.ImageLength).Take(shape.ImageLength).Sum(v => (double)v * v);
            Assert.Equal(imageEnergy, energy.Skip(n * bands.Count).Take(bands.Count).Sum(v => (double)v), imageEnergy * 1e-5);

            // Band 4, brute force over channels and members.
            double sum = 0;
            int members = 0;
            for (int c = 0; c < 2; c++)
            {
                for (int u = 0; u < 9; u++)
                {
                    for (int v = 0; v < 6; v++)
                    {
                        if (u + v == 4)
                        {
                            sum += Math.Abs(spectrum[((n * 2 + c) * 9 + u) * 6 + v]);
                            members++;
                        }
                    }
                }
            }

            Assert.Equal(sum / members, meanAbs[n * bands.Count + 4], 1e-5);
        }
    }

    [Fact]
    public void PoolingRejectsMismatchedBands()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            BandPooling.Pool(new float[16], new ImageBatchShape(1, 1, 4, 4), FrequencyBands.Create(3, 3), BandStatistic.Energy, new float[5]));
        Assert.Contains("3×3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThirdMeansAverageTheBandsOfEachThird()
    {
        float[] six = [1, 2, 3, 4, 5, 6];
        Assert.Equal(1.5, FrequencyBands.ProfileThirdMean(six, 0), 12);
        Assert.Equal(3.5, FrequencyBands.ProfileThirdMean(six, 1), 12);
        Assert.Equal(5.5, FrequencyBands.ProfileThirdMean(six, 2), 12);

        // 55 diagonal bands (28×28): third t holds the bands with ⌊3k/55⌋ = t, i.e. 0…18, 19…36, 37…54.
        float[] k = [.. Enumerable.Range(0, 55).Select(b => (float)b)];
        Assert.Equal(9.0, FrequencyBands.ProfileThirdMean(k, 0), 12);
        Assert.Equal(27.5, FrequencyBands.ProfileThirdMean(k, 1), 12);
        Assert.Equal(45.5, FrequencyBands.ProfileThirdMean(k, 2), 12);

        // A 3×3 map holding each cell's diagonal band: 5 bands, thirds {0, 1}, {2, 3}, {4} weighted by their cells.
        var bands = FrequencyBands.Create(3, 3);
        float[] map = [0, 1, 2, 1, 2, 3, 2, 3, 4];
        Assert.Equal(2.0 / 3, bands.MapThirdMean(map, 0), 12);
        Assert.Equal(12.0 / 5, bands.MapThirdMean(map, 1), 12);
        Assert.Equal(4.0, bands.MapThirdMean(map, 2), 12);
    }
}
