using System.Numerics;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Fourier;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Methods.Tests;

/// <summary>Fourier heat map and filtered accuracy against closed forms and naive DFTs.</summary>
public sealed class FrequencyDiagnosticsTests
{
    /// <summary>The reference's construction, naively: spectrum with 0.5 ± 0.5i at (i, j) and its mirror, inverse DFT, √(HW)·Re.</summary>
    private static double[] ReferenceBasis(int h, int w, int a, int b)
    {
        var spectrum = new Complex[h, w];
        int i = ((a % h) + h) % h, j = ((b % w) + w) % w, si = ((-a % h) + h) % h, sj = ((-b % w) + w) % w;
        if ((i, j) == (si, sj))
        {
            spectrum[i, j] = 1;
        }
        else
        {
            spectrum[i, j] = new Complex(0.5, 0.5);
            spectrum[si, sj] = new Complex(0.5, -0.5);
        }

        var result = new double[h * w];
        for (int m = 0; m < h; m++)
        {
            for (int n = 0; n < w; n++)
            {
                Complex s = 0;
                for (int k = 0; k < h; k++)
                {
                    for (int l = 0; l < w; l++)
                    {
                        s += spectrum[k, l] * Complex.Exp(new Complex(0, 2 * Math.PI * ((double)k * m / h + (double)l * n / w)));
                    }
                }

                result[m * w + n] = Math.Sqrt(h * w) * s.Real / (h * w);
            }
        }

        return result;
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(5, 7)]
    [InlineData(6, 5)]
    public void BasisImagesAreTheReferencesRealUnitNormAndOrthogonal(int h, int w)
    {
        var basis = new FourierBasis(h, w);
        Assert.Equal(h % 2 == 0 ? h - 1 : h, basis.MapHeight);
        Assert.Equal(w % 2 == 0 ? w - 1 : w, basis.MapWidth);
        Assert.Equal((basis.MapHeight * basis.MapWidth + 1) / 2, basis.DistinctCount);
        var images = new float[basis.DistinctCount][];
        for (int f = 0; f < basis.DistinctCount; f++)
        {
            images[f] = new float[h * w];
            basis.Write(f, images[f]);
            var (a, b) = basis.FrequencyOf(basis.CellOfDistinct(f));
            TestArrays.AssertClose(ReferenceBasis(h, w, a, b), images[f], 1e-6, what: $"frequency ({a}, {b})");
            Assert.Equal(1.0, images[f].Sum(v => (double)v * v), 5);
        }

        for (int f = 0; f < images.Length; f++)
        {
            for (int g = f + 1; g < images.Length; g++)
            {
                Assert.True(Math.Abs(images[f].Zip(images[g], (x, y) => (double)x * y).Sum()) < 1e-5, $"basis images {f} and {g} are not orthogonal");
            }
        }

        // A cell and its mirror share one image; the zero frequency is the centre cell.
        for (int cell = 0; cell < basis.MapHeight * basis.MapWidth; cell++)
        {
            var (a, b) = basis.FrequencyOf(cell);
            Assert.Equal(basis.DistinctOfCell[cell], basis.DistinctOfCell[basis.CellOf(-a, -b)]);
        }

        Assert.Equal((0, 0), basis.FrequencyOf(basis.MapHeight * basis.MapWidth / 2));
    }

    [Fact]
    public void CifarMapIs31By31With481Images()
    {
        var basis = new FourierBasis(32, 32);
        Assert.Equal((31, 31, 481), (basis.MapHeight, basis.MapWidth, basis.DistinctCount));
    }

    private static ModelSession Linear(int c, int h, int w, int classes, int seed, float weightScale = 1f)
    {
        var g = new TestGraph(c, h, w);
        float[] weights = TestArrays.Uniform(c * h * w * classes, seed, -weightScale, weightScale);
        string gemm = g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Const(weights, c * h * w, classes), g.Random(seed + 1, classes)]);
        return ModelSession.Create(g.Output(gemm), "linear");
    }

    [Fact]
    public void ModelThatIgnoresItsInputHasAFlatMapAtItsCleanError()
    {
        var g = new TestGraph(1, 6, 6);
        string logits = g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Const(new float[36 * 3], 36, 3), g.Const([0f, 2f, 1f], 3)]);
        using var model = ModelSession.Create(g.Output(logits), "constant");
        int[] labels = [1, 0, 1, 2, 1, 1, 0];
        float[] x = TestArrays.Uniform(7 * 36, seed: 1);
        var map = new FourierHeatMap(model).Evaluate(x, labels);
        Assert.Equal(3.0 / 7, map.CleanError, 12);
        Assert.All(map.Error, e => Assert.Equal(3.0 / 7, e, 12));
    }

    [Theory]
    [InlineData(SpectralBasis.Fourier, false)]
    [InlineData(SpectralBasis.Fourier, true)]
    [InlineData(SpectralBasis.Dct, true)]
    public void LinearModelsMapIsItsClosedForm(SpectralBasis basisKind, bool randomSign)
    {
        // Logits z = Wx + b; without clipping the perturbed logits are z + v·Σ_c r_c·W_c·U: the map's counts follow.
        const int c = 2, h = 5, w = 6, classes = 4, n = 9;
        const double v = 2.5;
        using var model = Linear(c, h, w, classes, seed: 3);
        float[] x = TestArrays.Uniform(n * c * h * w, seed: 4);
        int[] labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        var options = new FourierHeatMapOptions { Basis = basisKind, PerturbationNorm = v, Clip = false, RandomSign = randomSign, Seed = 7, MaxBatchSize = 13 };
        var heatmap = new FourierHeatMap(model, options);
        var result = heatmap.Evaluate(x, labels);

        var u = new float[h * w];
        var expected = new long[heatmap.DistinctCount];
        for (int f = 0; f < heatmap.DistinctCount; f++)
        {
            heatmap.WriteBasis(f, u);
            for (int i = 0; i < n; i++)
            {
                int[] signs = heatmap.Signs(i, f);
                Assert.All(signs, s => Assert.True(randomSign || s == 1));
                var perturbed = x.AsSpan(i * c * h * w, c * h * w).ToArray();
                for (int ch = 0; ch < c; ch++)
                {
                    for (int p = 0; p < h * w; p++)
                    {
                        perturbed[ch * h * w + p] += (float)(signs[ch] * v * u[p]);
                    }
                }

                float[] z = model.Forward(perturbed, 1);
                expected[f] += Array.IndexOf(z, z.Max()) != labels[i] ? 1 : 0;
            }
        }

        if (basisKind == SpectralBasis.Fourier)
        {
            var basis = heatmap.Basis!;
            Assert.Equal(Enumerable.Range(0, result.Wrong.Length).Select(cell => expected[basis.DistinctOfCell[cell]]), result.Wrong);
        }
        else
        {
            Assert.Equal(expected, result.Wrong);
            double[] bands = result.BandError!;
            Assert.Equal(h + w - 1, bands.Length);
            Assert.Equal(result.Error[0], bands[0], 12);
            Assert.Equal(result.Error[^1], bands[^1], 12);
        }

        if (randomSign)
        {
            // Signs really are drawn: some image gets a negative one.
            Assert.Contains(Enumerable.Range(0, n).SelectMany(i => heatmap.Signs(i, 0)), s => s == -1);
        }
    }

    [Fact]
    public void MapDoesNotDependOnHowTheDataIsCut()
    {
        using var model = Linear(3, 8, 8, 5, seed: 9, weightScale: 0.3f);
        float[] x = TestArrays.Uniform(70 * 192, seed: 2);
        int[] labels = Enumerable.Range(0, 70).Select(i => (i * 7) % 5).ToArray();
        var heatmap = new FourierHeatMap(model, new FourierHeatMapOptions { Seed = 3, MaxBatchSize = 100 });
        var whole = heatmap.Evaluate(x, labels);
        var first = heatmap.Evaluate(x.AsSpan(0, 30 * 192), labels.AsSpan(0, 30));
        var second = heatmap.Evaluate(x.AsSpan(30 * 192), labels.AsSpan(30), firstIndex: 30);
        Assert.Equal(whole.Wrong, first.Merge(second).Wrong);
        Assert.Equal(whole.CleanWrong, first.Merge(second).CleanWrong);

        // The perturbation matters at this norm: the map is not flat.
        Assert.True(whole.MaxError > whole.Error.Min());
    }

    /// <summary>Naive complex DFT, radial mask around the shifted centre, naive inverse: Wang et al.'s filter.</summary>
    private static (double[] Low, double[] High) NaiveSplit(float[] plane, int h, int w, double r)
    {
        var spectrum = new Complex[h * w];
        for (int k = 0; k < h; k++)
        {
            for (int l = 0; l < w; l++)
            {
                Complex s = 0;
                for (int m = 0; m < h; m++)
                {
                    for (int n = 0; n < w; n++)
                    {
                        s += plane[m * w + n] * Complex.Exp(new Complex(0, -2 * Math.PI * ((double)k * m / h + (double)l * n / w)));
                    }
                }

                spectrum[k * w + l] = s;
            }
        }

        double[] Inverse(Func<int, int, bool> keep)
        {
            var result = new double[h * w];
            for (int m = 0; m < h; m++)
            {
                for (int n = 0; n < w; n++)
                {
                    Complex s = 0;
                    for (int k = 0; k < h; k++)
                    {
                        for (int l = 0; l < w; l++)
                        {
                            if (keep(k, l))
                            {
                                s += spectrum[k * w + l] * Complex.Exp(new Complex(0, 2 * Math.PI * ((double)k * m / h + (double)l * n / w)));
                            }
                        }
                    }

                    result[m * w + n] = s.Real / (h * w);
                }
            }

            return result;
        }

        // fftshift puts frequency index k at (k + h/2) mod h; the centre is (h/2, w/2).
        bool Inside(int k, int l)
        {
            int su = (k + h / 2) % h - h / 2, sv = (l + w / 2) % w - w / 2;
            return Math.Sqrt(su * su + sv * sv) < r;
        }

        return (Inverse(Inside), Inverse((k, l) => !Inside(k, l)));
    }

    [Theory]
    [InlineData(8, 8, 2.5)]
    [InlineData(7, 6, 2)]
    [InlineData(6, 9, 3.2)]
    public void FourierSplitMatchesANaiveDft(int h, int w, double r)
    {
        float[] plane = TestArrays.Uniform(h * w, seed: h * w);
        var (low, high) = NaiveSplit(plane, h, w, r);
        var split = new FrequencySplit(SpectralBasis.Fourier, h, w, r);
        var l = new float[h * w];
        var hi = new float[h * w];
        split.Split(plane, l, hi);
        TestArrays.AssertClose(low, l, 1e-6, what: "low-pass");
        TestArrays.AssertClose(high, hi, 1e-6, what: "high-pass");
    }

    [Theory]
    [InlineData(SpectralBasis.Fourier)]
    [InlineData(SpectralBasis.Dct)]
    public void LowPlusHighIsTheImageAndTheLimitsAreTheImageAndZero(SpectralBasis basis)
    {
        const int h = 9, w = 8;
        float[] images = TestArrays.Uniform(3 * 2 * h * w, seed: 5);
        var low = new float[images.Length];
        var high = new float[images.Length];
        foreach (double r in new[] { 1.5, 4, 6.3 })
        {
            new FrequencySplit(basis, h, w, r).Split(images, low, high);
            TestArrays.AssertClose(images, low.Zip(high, (a, b) => a + b).ToArray(), 1e-5, what: $"r = {r}");
        }

        new FrequencySplit(basis, h, w, 0).Split(images, low, high);
        Assert.All(low, v => Assert.Equal(0f, v));
        TestArrays.AssertClose(images, high, 1e-5, what: "r = 0 keeps everything in the high-pass image");

        // Beyond the farthest frequency (Fourier: the corner of the shifted spectrum; DCT: band H + W − 2) all is low.
        double beyond = basis == SpectralBasis.Fourier ? Math.Sqrt(h * h / 4.0 + w * w / 4.0) + 0.01 : h + w - 1;
        new FrequencySplit(basis, h, w, beyond).Split(images, low, high);
        Assert.All(high, v => Assert.True(Math.Abs(v) < 1e-5));
        TestArrays.AssertClose(images, low, 1e-5, what: "r beyond the corner keeps everything in the low-pass image");
    }

    [Theory]
    [InlineData(SpectralBasis.Fourier, 9, 8)]
    [InlineData(SpectralBasis.Fourier, 28, 28)]
    [InlineData(SpectralBasis.Fourier, 5, 7)]
    [InlineData(SpectralBasis.Dct, 9, 8)]
    [InlineData(SpectralBasis.Dct, 28, 28)]
    public void TheLargestUsefulRadiusIsWhereTheHighPassImageEmpties(SpectralBasis basis, int h, int w)
    {
        float[] images = TestArrays.Uniform(2 * h * w, seed: 9);
        var low = new float[images.Length];
        var high = new float[images.Length];
        double largest = FrequencySplit.LargestUsefulRadius(basis, h, w);
        new FrequencySplit(basis, h, w, largest).Split(images, low, high);
        Assert.Contains(high, v => Math.Abs(v) > 1e-3);
        new FrequencySplit(basis, h, w, Math.BitIncrement(largest)).Split(images, low, high);
        Assert.All(high, v => Assert.True(Math.Abs(v) < 1e-5));
    }

    [Fact]
    public void FilteredAccuracyCountsTheModelsDecisionsOnEachSplit()
    {
        const int c = 3, h = 8, w = 8, n = 25;
        using var model = Linear(c, h, w, 4, seed: 11, weightScale: 0.5f);
        float[] x = TestArrays.Uniform(n * c * h * w, seed: 6);
        int[] labels = Enumerable.Range(0, n).Select(i => Array.IndexOf(model.Forward(x.AsSpan(i * 192, 192), 1), model.Forward(x.AsSpan(i * 192, 192), 1).Max())).ToArray();
        labels[0] = (labels[0] + 1) % 4;
        var result = new FilteredAccuracy(model, new FilteredAccuracyOptions { Radii = RadiusList.Parse("0,2,100"), MaxBatchSize = 8 }).Evaluate(x, labels);
        Assert.Equal(n - 1, result.CleanCorrect);
        Assert.Equal([0.0, 2.0, 100.0], result.Points.Select(p => p.Radius));

        // r = 100 keeps the whole image low: low-pass accuracy is the clean accuracy; r = 0 the same for high-pass.
        Assert.Equal(n - 1, result.Points[2].LowCorrect);
        Assert.Equal(n - 1, result.Points[0].HighCorrect);

        // The middle radius by hand.
        var split = new FrequencySplit(SpectralBasis.Fourier, h, w, 2);
        var low = new float[x.Length];
        var high = new float[x.Length];
        split.Split(x, low, high);
        int Correct(float[] images) => Enumerable.Range(0, n).Count(i =>
        {
            float[] z = model.Forward(images.AsSpan(i * 192, 192), 1);
            return Array.IndexOf(z, z.Max()) == labels[i];
        });
        Assert.Equal(Correct(low), result.Points[1].LowCorrect);
        Assert.Equal(Correct(high), result.Points[1].HighCorrect);
        Assert.Equal(high.Min(), result.Points[1].HighMin);
        Assert.True(result.Points[1].HighMin < 0, "high-pass images are not clipped, so they go below 0");
    }

    [Fact]
    public void BadOptionsAreNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => RadiusList.Parse("4,x"));
        Assert.Contains("radii", ex.Message);
        Assert.Contains("'x'", ex.Message);
        var norm = Assert.Throws<Descriptors.MethodOptionException>(() => new FourierHeatMapOptions { PerturbationNorm = -1 }.Validate());
        Assert.Contains("perturbation-norm", norm.Message);
        var zero = Assert.Throws<Descriptors.MethodOptionException>(() => new FourierHeatMapOptions { PerturbationNorm = 0 }.Validate());
        Assert.Equal(("perturbation-norm", "expected a finite value > 0, found 0: every image would be left as it is, so the map would show the clean error everywhere."), (zero.Option, zero.Problem));
    }

    [Fact]
    public void CorruptionTableCountsEachCorruptionAndGroupsByMeasuredRct()
    {
        const int n = 12;
        using var model = Linear(3, 16, 16, 3, seed: 21, weightScale: 0.05f);
        float[] x = Smooth(n, 3, 16, 16);
        int[] labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        var options = new CorruptionAccuracyOptions { Corruptions = CorruptionList.Parse("gaussian-noise,contrast,jpeg"), Severities = SeverityList.Parse("1,5"), MaxBatchSize = 5 };
        var table = new CorruptionAccuracy(model, options).Evaluate(x, labels);
        Assert.Equal(6, table.Rows.Count);
        Assert.Equal(["gaussian-noise", "gaussian-noise", "contrast", "contrast", "jpeg", "jpeg"], table.Rows.Select(r => r.Corruption));

        // Each row's count is the model's decisions on that corruption's images.
        foreach (var row in table.Rows)
        {
            float[] y = new CorruptionAccuracy(model, options).OptionsFor(Descriptors.MethodRegistry.Get(row.Corruption, typeof(CorruptionOptions)), row.Severity).Create()
                .Apply(x, new Spectral.Tensors.ImageBatchShape(n, 3, 16, 16));
            long correct = Enumerable.Range(0, n).Count(i =>
            {
                float[] z = model.Forward(y.AsSpan(i * 768, 768), 1);
                return Array.IndexOf(z, z.Max()) == labels[i];
            });
            Assert.Equal(correct, row.Correct);
        }

        // White noise on smooth images changes the high bands most, relative to what they hold.
        Assert.All(table.Rows.Where(r => r.Corruption == "gaussian-noise"), r => Assert.Equal(FrequencyThird.High, r.Group));
        Assert.Equal(table.Rows.Average(r => r.Accuracy), table.MeanAccuracy, 12);
        Assert.Equal(table.Groups.Min(g => g.MeanAccuracy), table.WorstGroup.MeanAccuracy);
    }

    [Fact]
    public void SaturateIsSkippedOnGrayImagesWithItsReason()
    {
        using var model = Linear(1, 8, 8, 2, seed: 2);
        float[] x = Smooth(4, 1, 8, 8);
        var table = new CorruptionAccuracy(model, new CorruptionAccuracyOptions { Severities = SeverityList.Parse("2") }).Evaluate(x, [0, 1, 0, 1]);
        Assert.Contains("saturate", table.Skipped.Keys);
        Assert.Contains("gray", table.Skipped["saturate"]);
        Assert.DoesNotContain(table.Rows, r => r.Corruption == "saturate");
        Assert.Equal(12, table.Rows.Count);
    }

    // Smooth images (a few low DCT-like waves): natural images' spectra fall with frequency, as these do.
    private static float[] Smooth(int n, int c, int h, int w)
    {
        var rng = new Random(5);
        var x = new float[n * c * h * w];
        for (int i = 0; i < n * c; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble(), phase = rng.NextDouble() * 6;
            for (int m = 0; m < h; m++)
            {
                for (int k = 0; k < w; k++)
                {
                    x[i * h * w + m * w + k] = (float)(0.5 + 0.2 * a * Math.Cos(Math.PI * m / h + phase) + 0.2 * b * Math.Sin(Math.PI * k / w));
                }
            }
        }

        return x;
    }
}
