using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Tests;

/// <summary>
/// The benchmark's price of ONNX Runtime runs, against closed forms: times linear in the batch size (a + b·s) are
/// reproduced exactly between the measured sizes, proportionally beyond the largest, and runs are priced count × time.
/// </summary>
public sealed class RunCostModelTests
{
    [Fact]
    public void SizesArePowersOfTwoBelowTheBatchThenTheBatch()
    {
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 100], RunCostModel.Sizes(100));
        Assert.Equal([1, 2, 4, 8], RunCostModel.Sizes(8));
        Assert.Equal([1], RunCostModel.Sizes(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunCostModel.Sizes(0));
    }

    [Fact]
    public void LinearTimesAreInterpolatedExactlyAndRunsPricedByCount()
    {
        int[] sizes = RunCostModel.Sizes(100);
        static double Forward(int s) => 2 + 0.5 * s;
        static double Gradient(int s) => 3 + 1.25 * s;
        var cost = new RunCostModel(sizes, [.. sizes.Select(Forward)], [.. sizes.Select(Gradient)]);
        foreach (int s in new[] { 1, 3, 5, 12, 33, 64, 77, 100 })
        {
            Assert.Equal(Forward(s), cost.ForwardMs(s), 12);
            Assert.Equal(Gradient(s), cost.GradientMs(s), 12);
        }

        // Beyond the largest measured batch the time grows in proportion to the images: 250 images cost 2.5 × 100's.
        Assert.Equal(2.5 * Forward(100), cost.ForwardMs(250), 12);
        var forwardRuns = new Dictionary<int, long> { [100] = 3, [7] = 2 };
        var gradientRuns = new Dictionary<int, long> { [50] = 4 };
        Assert.Equal(3 * Forward(100) + 2 * Forward(7) + 4 * Gradient(50), cost.Price(forwardRuns, gradientRuns), 10);
        Assert.Throws<ArgumentException>(() => new RunCostModel([4, 2], [1.0, 2.0], [1.0, 2.0]));
    }
}
