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

    /// <summary>
    /// The DLR loss of Croce &amp; Hein (2020) per row, and its seed ∂L/∂z. With π the classes by decreasing logit:
    /// untargeted (<paramref name="targets"/> empty or −1 in a row) <c>L = −(z_y − max_{k≠y} z_k) / (z_π1 − z_π3 + 1e−12)</c>;
    /// targeted <c>L = −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e−12)</c>, which needs at least four classes. Attacks
    /// ascend it. Ties in the ordering go to the lower class index. Losses go to <paramref name="losses"/> when given.
    /// </summary>
    public static float[] Dlr(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, ReadOnlySpan<int> targets = default, Span<float> losses = default)
    {
        int n = CheckShapes(logits, labels, classes);
        bool anyTarget = false;
        foreach (int t in targets)
        {
            anyTarget |= t >= 0;
        }

        if (classes < 3 || (anyTarget && classes < 4))
        {
            throw new ArgumentException($"The DLR loss needs at least {(anyTarget ? 4 : 3)} classes ({(anyTarget ? "targeted: z_π4" : "z_π3")}), found {classes}.", nameof(classes));
        }

        var seed = new float[logits.Length];
        for (int i = 0; i < n; i++)
        {
            var z = logits.Slice(i * classes, classes);
            int[] order = Logits.Ranked(z);
            int y = labels[i], t = targets.IsEmpty ? -1 : targets[i];
            int against = t >= 0 ? t : order[0] != y ? order[0] : order[1];
            double w = t >= 0 ? 0.5 : 1;
            double d = z[order[0]] - w * z[order[2]] - (t >= 0 ? (1 - w) * z[order[3]] : 0) + 1e-12;
            double numerator = z[y] - z[against];
            var row = seed.AsSpan(i * classes, classes);
            row[against] += (float)(1 / d);
            row[y] -= (float)(1 / d);
            double c = numerator / (d * d);
            row[order[0]] += (float)c;
            row[order[2]] -= (float)(c * w);
            if (t >= 0)
            {
                row[order[3]] -= (float)(c * (1 - w));
            }

            if (!losses.IsEmpty)
            {
                losses[i] = (float)(-numerator / d);
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
