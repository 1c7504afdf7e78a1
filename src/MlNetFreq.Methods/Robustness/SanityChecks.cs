using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Robustness;

/// <summary>
/// The reference implementation's checks of an evaluation's trustworthiness (<c>fra31/auto-attack</c>, checks.py), as
/// warnings in the report: a randomised model, probabilities instead of logits, points with zero gradient, too few
/// classes for the targeted attacks, and Square lowering robust accuracy by more than 0.2 points below the white-box
/// attacks (suspected gradient masking). Thresholds are the reference's.
/// </summary>
public static class SanityChecks
{
    /// <summary>Images the checks look at (the reference uses its first batch of 250).</summary>
    public const int Sample = 250;

    /// <summary>Checks made before the attacks run.</summary>
    public static List<string> BeforeRun(ModelSession model, float[] images, int[] labels, IReadOnlyList<string> attacks)
    {
        ArgumentNullException.ThrowIfNull(model);
        var warnings = new List<string>();
        int n = Math.Min(Sample, labels.Length), len = model.Channels * model.Height * model.Width, k = model.Classes;
        if (n == 0)
        {
            return warnings;
        }

        var x = images.AsMemory(0, n * len);
        var outputs = Enumerable.Range(0, 5).Select(_ => model.Forward(x.Span, n)).ToArray();
        double maxDifference = 0;
        for (int a = 0; a < outputs.Length; a++)
        {
            for (int b = a + 1; b < outputs.Length; b++)
            {
                for (int i = 0; i < n; i++)
                {
                    maxDifference = Math.Max(maxDifference, NormalisedDistance(outputs[a].AsSpan(i * k, k), outputs[b].AsSpan(i * k, k)));
                }
            }
        }

        if (maxDifference > 1e-4)
        {
            warnings.Add($"randomised model: five forward passes on the same {n} images differ (largest L2 distance of normalised outputs {maxDifference:G3} > 1e-4); the attacks' outcomes are not reproducible and a randomised defence needs an EOT evaluation.");
        }

        float[] z = outputs[0];
        bool probabilities = z.All(v => v > -1e-5 && v < 1 + 1e-5);
        for (int i = 0; i < n && probabilities; i++)
        {
            probabilities = Math.Abs(z.AsSpan(i * k, k).ToArray().Sum(v => (double)v) - 1) < 1e-5;
        }

        if (probabilities)
        {
            warnings.Add("the model's outputs look like probabilities (in [0, 1], rows summing to 1): the attacks need logits; a softmax at the end of the graph flattens the gradients.");
        }

        var gradient = model.CrossEntropyGradient(x.Span, n, labels.AsSpan(0, n)).InputGradient;
        int zero = 0;
        for (int i = 0; i < n; i++)
        {
            zero += gradient.AsSpan(i * len, len).IndexOfAnyExcept(0f) < 0 ? 1 : 0;
        }

        if (zero > 0)
        {
            string rest = attacks.Contains("square") ? ", so their robustness rests on Square alone" : "";
            warnings.Add($"{zero} of {n} points have a zero cross-entropy gradient: gradient-based attacks cannot move them (gradient masking or saturated outputs){rest}.");
        }

        if (k < 10 && attacks.Any(a => a is "apgd-t" or "fab-t"))
        {
            warnings.Add($"the model has {k} classes: apgd-t and fab-t use {k - 1} target classes instead of 9.");
        }

        return warnings;
    }

    /// <summary>
    /// Checks made on the finished log of <paramref name="count"/> samples: <paramref name="cleanCorrect"/> classified
    /// correctly, <paramref name="robustAfter"/> still robust after each attack.
    /// </summary>
    public static IEnumerable<string> AfterRun(int count, int cleanCorrect, IReadOnlyDictionary<string, int> robustAfter)
    {
        ArgumentNullException.ThrowIfNull(robustAfter);
        if (count == 0 || !robustAfter.TryGetValue("square", out int afterSquare) || robustAfter.Count < 2)
        {
            yield break;
        }

        // The reference compares Square's accuracy with the lowest of the others (clean included).
        double others = robustAfter.Where(p => p.Key != "square").Select(p => p.Value / (double)count).Append(cleanCorrect / (double)count).Min();
        double square = afterSquare / (double)count;
        if (square < others - 0.002)
        {
            yield return $"Square, a black-box attack, lowered robust accuracy by {100 * (others - square):F2} points after the white-box attacks: their gradients are likely unreliable (gradient masking); run Square with more queries and restarts, or an adaptive attack.";
        }
    }

    private static double NormalisedDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        na = Math.Sqrt(na) + 1e-10;
        nb = Math.Sqrt(nb) + 1e-10;
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] / na - b[i] / nb;
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}
