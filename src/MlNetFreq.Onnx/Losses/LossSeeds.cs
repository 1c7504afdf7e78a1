namespace MlNetFreq.Onnx.Losses;

/// <summary>
/// Losses computed from logits in C#, returned as the seed ∂L/∂logits that <see cref="Sessions.ModelSession.Gradient"/>
/// takes. Batch losses are sums over rows, so a row's gradient does not depend on the batch size.
/// </summary>
public static class LossSeeds
{
    /// <summary>
    /// Cross-entropy <c>L = Σᵢ −log softmax(zᵢ)[yᵢ]</c>; seed row i = softmax(zᵢ) − onehot(yᵢ). Targeted attacks pass
    /// the target classes as <paramref name="labels"/> and descend. Per-row losses go to <paramref name="losses"/> when given.
    /// </summary>
    public static float[] CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, Span<float> losses = default)
    {
        int n = CheckShapes(logits, labels, classes);
        var seed = new float[logits.Length];
        for (int i = 0; i < n; i++)
        {
            var z = logits.Slice(i * classes, classes);
            double logSum = Logits.LogSumExp(z);
            for (int k = 0; k < classes; k++)
            {
                seed[i * classes + k] = (float)(Math.Exp(z[k] - logSum) - (k == labels[i] ? 1 : 0));
            }

            if (!losses.IsEmpty)
            {
                losses[i] = (float)(logSum - z[labels[i]]);
            }
        }

        return seed;
    }

    /// <summary>
    /// Carlini–Wagner margin <c>m = Z_y − max_{k≠y} Z_k</c> per row (on logits, so negative logits work); seed row i is
    /// +1 at yᵢ and −1 at the best other class. Margins go to <paramref name="margins"/> when given.
    /// </summary>
    public static float[] Margin(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, Span<float> margins = default)
    {
        int n = CheckShapes(logits, labels, classes);
        var seed = new float[logits.Length];
        for (int i = 0; i < n; i++)
        {
            var z = logits.Slice(i * classes, classes);
            int best = -1;
            for (int k = 0; k < classes; k++)
            {
                if (k != labels[i] && (best < 0 || z[k] > z[best]))
                {
                    best = k;
                }
            }

            seed[i * classes + labels[i]] = 1;
            if (best >= 0)
            {
                seed[i * classes + best] = -1;
            }

            if (!margins.IsEmpty)
            {
                margins[i] = best < 0 ? 0 : z[labels[i]] - z[best];
            }
        }

        return seed;
    }

    private static int CheckShapes(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes)
    {
        if (classes < 1 || logits.Length != labels.Length * classes)
        {
            throw new ArgumentException($"Expected logits of n × {classes} = {labels.Length * classes} values for {labels.Length} labels, found {logits.Length}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {labels[i]} at row {i} is outside the model's classes 0…{classes - 1}.");
            }
        }

        return labels.Length;
    }
}
