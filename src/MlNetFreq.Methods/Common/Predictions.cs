using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Methods.Common;

/// <summary>Counting a model's top-1 decisions.</summary>
internal static class Predictions
{
    /// <summary>How many rows of <paramref name="logits"/> ([n, classes]) have their largest logit at the row's label.</summary>
    public static long CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        long correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += Logits.ArgMax(logits.Slice(i * classes, classes)) == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
