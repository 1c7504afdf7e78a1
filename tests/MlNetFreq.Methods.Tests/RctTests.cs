using System.Runtime.InteropServices;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Rct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Tests;

public sealed class RctTests
{
    private static double[] Doubles(string name) =>
        MemoryMarshal.Cast<byte, double>(NpyFile.Read(Path.Combine(RepoPaths.Fixtures, "rct", name + ".npy")).Bytes).ToArray();

    [Fact]
    public void MatchesTheNumPyFixture()
    {
        var clean = NpyFile.ReadImages(Path.Combine(RepoPaths.Fixtures, "rct", "clean.npy"));
        var perturbed = NpyFile.ReadImages(Path.Combine(RepoPaths.Fixtures, "rct", "perturbed.npy"));
        var r = RelativeChangeInDct.Compute(clean.Data, perturbed.Data, clean.Shape, perChannel: true);
        TestArrays.AssertClose(Doubles("map"), r.Map, atol: 1e-5, rtol: 1e-4);
        TestArrays.AssertClose(Doubles("profile"), r.BandProfile, atol: 1e-5, rtol: 1e-4);
        TestArrays.AssertClose(Doubles("channel_map"), r.PerChannelMap!, atol: 1e-5, rtol: 1e-4);
        TestArrays.AssertClose(Doubles("mean_abs_change"), r.MeanAbsoluteChange, atol: 1e-6, rtol: 1e-4);
        double[] shares = Doubles("shares");
        Assert.Equal(shares[0], r.LowShare, 5);
        Assert.Equal(shares[1], r.MiddleShare, 5);
        Assert.Equal(shares[2], r.HighShare, 5);
    }

    [Fact]
    public void IdenticalImagesHaveZeroChangeAndMismatchedShapesAreRejected()
    {
        var shape = new ImageBatchShape(2, 1, 3, 3);
        float[] x = TestArrays.Uniform(18, 1);
        var r = RelativeChangeInDct.Compute(x, x, shape);
        Assert.All(r.Map, v => Assert.Equal(0f, v));
        Assert.All(r.MeanAbsoluteChange, v => Assert.Equal(0f, v));
        Assert.Equal(0, r.LowShare);
        Assert.Contains("found 18 and 17", Assert.Throws<ArgumentException>(() => RelativeChangeInDct.Compute(x, new float[17], shape)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SumsAreExactSoAnySplitOfTheImagesGivesTheSameResultBitForBit()
    {
        var clean = NpyFile.ReadImages(Path.Combine(RepoPaths.Fixtures, "rct", "clean.npy"));
        var perturbed = NpyFile.ReadImages(Path.Combine(RepoPaths.Fixtures, "rct", "perturbed.npy"));
        var s = clean.Shape;
        int len = s.C * s.H * s.W;
        var whole = new RelativeChangeInDct(s.C, s.H, s.W);
        whole.Add(clean.Data, perturbed.Data, s.N);

        // The images in another grouping and order: the second half first, then the first half one image at a time.
        var parts = new RelativeChangeInDct(s.C, s.H, s.W);
        int half = s.N / 2;
        parts.Add(clean.Data.AsSpan(half * len), perturbed.Data.AsSpan(half * len), s.N - half);
        for (int i = half - 1; i >= 0; i--)
        {
            parts.Add(clean.Data.AsSpan(i * len, len), perturbed.Data.AsSpan(i * len, len), 1);
        }

        var (a, b) = (whole.Result(perChannel: true), parts.Result(perChannel: true));
        Assert.Equal(a.Map, b.Map);
        Assert.Equal(a.BandProfile, b.BandProfile);
        Assert.Equal(a.PerChannelMap!, b.PerChannelMap!);
        Assert.Equal(a.ThirdRelativeChange, b.ThirdRelativeChange);
        Assert.Equal(whole.ThirdSums().Change, parts.ThirdSums().Change);

        // Two parts' third sums added equal the whole's.
        var first = new RelativeChangeInDct(s.C, s.H, s.W);
        first.Add(clean.Data.AsSpan(0, half * len), perturbed.Data.AsSpan(0, half * len), half);
        var second = new RelativeChangeInDct(s.C, s.H, s.W);
        second.Add(clean.Data.AsSpan(half * len), perturbed.Data.AsSpan(half * len), s.N - half);
        var (c1, m1) = first.ThirdSums();
        var (c2, m2) = second.ThirdSums();
        Assert.Equal(a.ThirdRelativeChange, RelativeChangeInDct.ThirdRelativeChange([.. c1.Zip(c2, (x, y) => x + y)], [.. m1.Zip(m2, (x, y) => x + y)]));
    }

    [Fact]
    public void ValuesBeyondTheExactRangeAreRefused()
    {
        var shape = new ImageBatchShape(1, 1, 2, 2);
        float[] x = [1e12f, 0, 0, 0];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RelativeChangeInDct.Compute(x, x, shape));
        Assert.Contains("beyond the exact accumulator's range", ex.Message, StringComparison.Ordinal);
    }
}
