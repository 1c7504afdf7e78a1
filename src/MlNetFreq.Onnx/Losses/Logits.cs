namespace MlNetFreq.Onnx.Losses;

/// <summary>
/// What every method reads from a classifier's logits, written once: the predicted class, the log-sum-exp and
/// softmax (shifted by the maximum, so large logits do not overflow), and accuracy against labels.
/// </summary>
public static class Logits
{
    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> z)
    {
        int best = 0;
        for (int i = 1; i < z.Length; i++)
        {
            if (z[i] > z[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The classes by decreasing logit (ties: lower class first): π1, π2, … of the DLR loss and of targeted attacks.</summary>
    public static int[] Ranked(ReadOnlySpan<float> z)
    {
        var values = z.ToArray();
        var order = new int[values.Length];
        for (int k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        Array.Sort(order, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        return order;
    }

    /// <summary>log Σₖ exp(zₖ), computed as max + log Σₖ exp(zₖ − max).</summary>
    public static double LogSumExp(ReadOnlySpan<float> z)
    {
        double max = double.NegativeInfinity;
        foreach (float v in z)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (float v in z)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>softmax(z)[k] = exp(zₖ − log Σ exp z).</summary>
    public static double Softmax(ReadOnlySpan<float> z, int k) => Math.Exp(z[k] - LogSumExp(z));

    /// <summary>The predicted class of every row of <paramref name="logits"/> [n, classes].</summary>
    public static int[] Predictions(ReadOnlySpan<float> logits, int classes)
    {
        var predicted = new int[logits.Length / classes];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = ArgMax(logits.Slice(i * classes, classes));
        }

        return predicted;
    }

    /// <summary>How many rows of <paramref name="logits"/> [n, classes] predict their label.</summary>
    public static int Correct(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        int right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            right += ArgMax(logits.Slice(i * classes, classes)) == labels[i] ? 1 : 0;
        }

        return right;
    }

    /// <summary>Top-1 accuracy of <paramref name="logits"/> [n, classes] against <paramref name="labels"/> (0 for no rows).</summary>
    public static double Accuracy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes) =>
        labels.Length == 0 ? 0 : Correct(logits, labels, classes) / (double)labels.Length;
}
