using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Onnx.Tests;

/// <summary>The logits helpers against closed forms.</summary>
public sealed class LogitsTests
{
    [Fact]
    public void ArgMaxTakesTheFirstOfTiedMaxima() => Assert.Equal(1, Logits.ArgMax([0f, 3f, -1f, 3f]));

    [Fact]
    public void LogSumExpAndSoftmaxMatchTheirDefinitionsWithoutOverflow()
    {
        // log(e¹ + e² + e³) = 3 + log(1 + e⁻¹ + e⁻²).
        Assert.Equal(3 + Math.Log(1 + Math.Exp(-1) + Math.Exp(-2)), Logits.LogSumExp([1f, 2f, 3f]), 12);
        Assert.Equal(1000 + Math.Log(2), Logits.LogSumExp([1000f, 1000f]), 9);
        Assert.Equal(Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), Logits.Softmax([1f, 2f, 3f], 1), 12);
        Assert.Equal(0.5, Logits.Softmax([1000f, 1000f], 0), 12);
    }

    [Fact]
    public void AccuracyCountsRowsThatPredictTheirLabel()
    {
        float[] logits = [0, 1, 2, 0, 0, 1, 1, 0];
        Assert.Equal([1, 0, 1, 0], Logits.Predictions(logits, 2));
        Assert.Equal(3, Logits.Correct(logits, [1, 0, 1, 1], 2));
        Assert.Equal(0.75, Logits.Accuracy(logits, [1, 0, 1, 1], 2));
        Assert.Equal(0, Logits.Accuracy([], [], 2));
    }
}
