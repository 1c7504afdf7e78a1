using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attribution;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Bands;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Methods.Tests;

public sealed class OccludedFrequencyTests
{
    /// <summary>
    /// The definition, brute force: naive double-precision DCT, band occluded in the spectrum, naive inverse,
    /// one inference per band per image.
    /// </summary>
    private static float[] BruteForce(ModelSession model, float[] images, int n, FrequencyBands bands, int[] classes, bool cumulative, float[]? reference = null)
    {
        int c = model.Channels, h = model.Height, w = model.Width, len = c * h * w;
        var scores = new float[n * bands.Count];
        double[]? refSpectrum = reference is null ? null : NaiveDct.Transform(reference, c, h, w, inverse: false);
        for (int i = 0; i < n; i++)
        {
            float[] x = images.AsSpan(i * len, len).ToArray();
            float clean = model.Forward(x, 1)[classes[i]];
            double[] spectrum = NaiveDct.Transform(x, c, h, w, inverse: false);
            for (int k = 0; k < bands.Count; k++)
            {
                var occluded = new float[len];
                for (int j = 0; j < len; j++)
                {
                    int band = bands.BandOf[j % (h * w)];
                    bool hit = cumulative ? band <= k : band == k;
                    occluded[j] = (float)(hit ? (refSpectrum?[j] ?? 0) : spectrum[j]);
                }

                double[] back = NaiveDct.Transform(occluded, c, h, w, inverse: true);
                scores[i * bands.Count + k] = clean - model.Forward(back.Select(v => (float)v).ToArray(), 1)[classes[i]];
            }
        }

        return scores;
    }

    private static ModelSession TinyModel(int c, int h, int w)
    {
        var g = new TestGraph(c, h, w);
        string conv = g.Node("Relu", [g.Node("Conv", [g.X, g.Random(1, 4, c, 3, 3)], A.Ints("pads", [1, 1, 1, 1]))]);
        return ModelSession.Create(g.Output(g.Node("Gemm", [g.Node("Flatten", [conv]), g.Random(2, 4 * h * w, 5)])), "tiny");
    }

    [Theory]
    [InlineData(BandLayout.Diagonal, false)]
    [InlineData(BandLayout.Radial, false)]
    [InlineData(BandLayout.Diagonal, true)]
    public void MatchesBruteForceOnOddNonSquareImages(BandLayout layout, bool cumulative)
    {
        using var model = TinyModel(2, 5, 7);
        float[] x = TestArrays.Uniform(3 * 70, seed: 4);
        var of = new OccludedFrequency(model, new OccludedFrequencyOptions { Bands = layout, Cumulative = cumulative, MaxBatchSize = 17 });
        var result = of.Explain(x, 3);
        Assert.Equal(layout == BandLayout.Diagonal ? 11 : 8, result.Bands);
        int[] predicted = Enumerable.Range(0, 3).Select(i => Array.IndexOf(result.CleanLogits, result.CleanLogits.Skip(i * 5).Take(5).Max(), i * 5) - i * 5).ToArray();
        Assert.Equal(predicted, result.TargetClasses);
        TestArrays.AssertClose(BruteForce(model, x, 3, of.Bands, predicted, cumulative), result.Scores, atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void MatchesBruteForceOnTheShippedResNetWithLabelTarget()
    {
        using var model = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 2);
        var of = new OccludedFrequency(model, new OccludedFrequencyOptions { Target = AttributionTarget.Label });
        var result = of.Explain(data.Images.Data, 2, data.Labels);
        Assert.Equal(55, result.Bands);
        Assert.Equal(data.Labels, result.TargetClasses);
        TestArrays.AssertClose(BruteForce(model, data.Images.Data, 2, of.Bands, data.Labels!, cumulative: false), result.Scores, atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void ReferenceBaselineAndFixedClassMatchBruteForce()
    {
        using var model = TinyModel(1, 6, 4);
        float[] x = TestArrays.Uniform(2 * 24, seed: 8);
        float[] reference = TestArrays.Uniform(24, seed: 9);
        var of = new OccludedFrequency(model, new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Reference, Reference = reference, Target = AttributionTarget.Class(3) });
        var result = of.Explain(x, 2);
        Assert.Equal(new[] { 3, 3 }, result.TargetClasses);
        TestArrays.AssertClose(BruteForce(model, x, 2, of.Bands, [3, 3], cumulative: false, reference), result.Scores, atol: 1e-4, rtol: 1e-4);
    }

    [Fact]
    public void NoiseBaselineIsSeededAndIndependentOfBatchSize()
    {
        using var model = TinyModel(1, 6, 6);
        float[] x = TestArrays.Uniform(4 * 36, seed: 10);
        var a = new OccludedFrequency(model, new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Noise, Seed = 5, MaxBatchSize = 12 }).Explain(x, 4);
        var b = new OccludedFrequency(model, new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Noise, Seed = 5, MaxBatchSize = 1000 }).Explain(x, 4);
        var c = new OccludedFrequency(model, new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Noise, Seed = 6 }).Explain(x, 4);
        var zero = new OccludedFrequency(model).Explain(x, 4);
        TestArrays.AssertClose(a.Scores, b.Scores, atol: 1e-5);
        Assert.NotEqual(a.Scores, c.Scores);
        Assert.NotEqual(a.Scores, zero.Scores);
        // Band 0 holds one coefficient per channel: its standard deviation is 0, so noise equals the zero baseline there.
        Assert.Equal(zero.Scores[0], a.Scores[0], 5);
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        using var model = TinyModel(1, 4, 4);
        Assert.Contains("needs a reference image of [1,4,4] = 16 values, found 3", Assert.Throws<ArgumentException>(() =>
            new OccludedFrequency(model, new OccludedFrequencyOptions { Baseline = OcclusionBaseline.Reference, Reference = new float[3] })).Message, StringComparison.Ordinal);
        Assert.Contains("Class 9 for image 0 is outside the model's classes 0…4", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OccludedFrequency(model, new OccludedFrequencyOptions { Target = AttributionTarget.Class(9) }).Explain(new float[16], 1)).Message, StringComparison.Ordinal);
        Assert.Contains("needs one label per image", Assert.Throws<ArgumentException>(() =>
            new OccludedFrequency(model, new OccludedFrequencyOptions { Target = AttributionTarget.Label }).Explain(new float[16], 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileAveragesPerClassAndHighFrequencyShareIsExact()
    {
        var result = new AttributionResult([1, 2, 3, 3, 4, 5, -1, 0, 6], 3, [0, 1, 0], new float[6], 2);
        var profile = AttributionProfile.From(result, [0, 1, 0], 2);
        Assert.Equal(new float[] { 0, 1, 4.5f, 3, 4, 5 }, profile.MeanByClass);
        Assert.Equal(new[] { 2, 1 }, profile.CountByClass);
        Assert.Equal(new float[] { 1, 2, 14f / 3 }, profile.Overall);
        // Three bands: band 2 is the upper half, band 1 the middle (half weight): (14/3 + ½·2) / (1 + 2 + 14/3).
        Assert.Equal((14.0 / 3 + 1) / (1 + 2 + 14.0 / 3), profile.HighFrequencyReliance, 6);
        Assert.Equal(0, AttributionProfile.HighFrequencyShare(new float[] { -1, -2 }));
    }
}
