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
}
