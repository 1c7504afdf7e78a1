using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Corruptions;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// Corruptions against the reference formulas run once in Python (tests/fixtures/make_corruption_fixtures.py, with
/// scikit-image, OpenCV, SciPy and Pillow as make_cifar_c.py calls them), and random ones against their distributions.
/// </summary>
public sealed class CorruptionTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Fixtures, "corruptions");
    private static readonly ImageBatchShape Cifar = new(4, 3, 32, 32);

    private static float[] Input() => NpyFile.ReadImages(Path.Combine(Dir, "input.npy")).Data;

    private static float[] Apply(string name, int severity, float[] images, ImageBatchShape shape, int seed = 0)
    {
        var descriptor = MethodRegistry.Get(name, typeof(CorruptionOptions));
        var options = (CorruptionOptions)descriptor.With(descriptor.CreateDefault(), [new("severity", severity), new("seed", seed)]);
        return options.Create().Apply(images, shape);
    }

    [Theory]
    [InlineData("gaussian-blur", 1e-5)]
    [InlineData("defocus-blur", 1e-5)]
    [InlineData("zoom-blur", 2e-6)]
    [InlineData("contrast", 1e-6)]
    [InlineData("brightness", 1e-6)]
    [InlineData("saturate", 1e-6)]
    [InlineData("pixelate", 1e-6)]
    public void DeterministicCorruptionsMatchTheReference(string name, double tolerance)
    {
        float[] x = Input();
        for (int s = 1; s <= 5; s++)
        {
            float[] expected = NpyFile.Read(Path.Combine(Dir, $"{name}-{s}.npy")).ToSingle();
            TestArrays.AssertClose(expected, Apply(name, s, x, Cifar), tolerance, what: $"{name} severity {s}");
        }
    }

    [Fact]
    public void PixelateIsWithinOneGrayLevelPerPassOfPillowsEightBitPath()
    {
        // The reference resizes 8-bit images: each of its two passes rounds to 1/255. Ours stays in float.
        float[] x = Input();
        for (int s = 1; s <= 5; s++)
        {
            float[] eightBit = NpyFile.Read(Path.Combine(Dir, $"pixelate-u8-{s}.npy")).ToSingle();
            float[] ours = Apply("pixelate", s, x, Cifar);
            double max = eightBit.Select((v, i) => Math.Abs(v - ours[i] * 255)).Max();
            Assert.True(max <= 1.0 + 1e-3, $"severity {s}: {max} gray levels from Pillow's 8-bit output");
        }
    }

    /// <summary>
    /// Our codec against Pillow's libjpeg: the same tables, subsampling and upsampling, but a floating-point DCT where
    /// libjpeg's default is an integer one. Measured: mean |Δ| and max |Δ| in gray levels (README).
    /// </summary>
    [Fact]
    public void JpegIsCloseToPillow()
    {
        float[] x = Input();
        for (int s = 1; s <= 5; s++)
        {
            float[] pillow = NpyFile.Read(Path.Combine(Dir, $"jpeg-{s}.npy")).ToSingle();
            float[] ours = Apply("jpeg", s, x, Cifar);
            double[] diff = pillow.Select((v, i) => (double)Math.Abs(v - MathF.Round(ours[i] * 255))).ToArray();
            double exact = diff.Count(d => d == 0) / (double)diff.Length;
            Console.WriteLine($"JPEG severity {s}: mean |Δ| {diff.Average():F3} max {diff.Max()} exact {exact:P1}");
            Assert.True(diff.Average() < 0.8, $"severity {s}: mean |Δ| {diff.Average():F3} gray levels");
            Assert.True(diff.Max() <= 40, $"severity {s}: max |Δ| {diff.Max()} gray levels");
            Assert.True(exact > 0.7, $"severity {s}: only {exact:P1} of the values equal Pillow's");
        }
    }

    [Fact]
    public void JpegQuantTablesScaleAsLibjpeg()
    {
        // jpeg_quality_scaling: quality 50 keeps Annex K, 100 gives all ones, 10 multiplies by 5 (clamped to 255).
        Assert.Equal(16, BaselineJpeg.QuantTable(50, false)[0]);
        Assert.Equal(99, BaselineJpeg.QuantTable(50, true)[63]);
        Assert.All(BaselineJpeg.QuantTable(100, false), q => Assert.Equal(1, q));
        Assert.Equal(80, BaselineJpeg.QuantTable(10, false)[0]);
        Assert.Equal(255, BaselineJpeg.QuantTable(10, true)[63]);
        Assert.Equal((16 * 40 + 50) / 100, BaselineJpeg.QuantTable(80, false)[0]);
    }

    [Theory]
    [InlineData("gaussian-noise")]
    [InlineData("speckle-noise")]
    public void GaussianNoisesHaveTheirMeanAndVariance(string name)
    {
        // On a mid-gray image clipping never bites (x ± 5σ stays inside [0, 1]): mean x, variance σ² (speckle: (xσ)²).
        const float x = 0.5f;
        var shape = new ImageBatchShape(50, 3, 32, 32);
        var images = Enumerable.Repeat(x, (int)shape.Length).ToArray();
        for (int s = 1; s <= 5; s++)
        {
            double sigma = name == "gaussian-noise" ? GaussianNoiseOptions.Sigma[s - 1] : x * SpeckleNoiseOptions.Sigma[s - 1];
            float[] y = Apply(name, s, images, shape, seed: s);
            double mean = y.Average(v => (double)v), variance = y.Average(v => (v - mean) * (v - mean));
            double se = sigma / Math.Sqrt(y.Length);
            Assert.True(Math.Abs(mean - x) < 5 * se, $"{name} {s}: mean {mean}");
            Assert.True(Math.Abs(variance / (sigma * sigma) - 1) < 0.03, $"{name} {s}: variance {variance} vs {sigma * sigma}");
        }
    }

    [Fact]
    public void ShotNoiseIsPoissonOverLambda()
    {
        // Poisson(λx)/λ: mean x, variance x/λ (no clipping at x = 0.3 for λ ≥ 50: P(k ≥ λ) is negligible).
        const float x = 0.3f;
        var shape = new ImageBatchShape(50, 3, 32, 32);
        var images = Enumerable.Repeat(x, (int)shape.Length).ToArray();
        for (int s = 1; s <= 5; s++)
        {
            double lambda = ShotNoiseOptions.Lambda[s - 1];
            float[] y = Apply("shot-noise", s, images, shape, seed: s);
            double mean = y.Average(v => (double)v), variance = y.Average(v => (v - mean) * (v - mean));
            Assert.True(Math.Abs(mean - x) < 5 * Math.Sqrt(x / lambda / y.Length), $"severity {s}: mean {mean}");
            Assert.True(Math.Abs(variance / (x / lambda) - 1) < 0.03, $"severity {s}: variance {variance} vs {x / lambda}");

            // Values are multiples of 1/λ, as Poisson counts over λ.
            Assert.All(y.Take(200), v => Assert.True(Math.Abs(v * lambda - Math.Round(v * lambda)) < 1e-3));
        }
    }

    [Fact]
    public void ImpulseNoiseSaltsAndPeppersItsAmount()
    {
        const float x = 0.5f;
        var shape = new ImageBatchShape(50, 3, 32, 32);
        var images = Enumerable.Repeat(x, (int)shape.Length).ToArray();
        for (int s = 1; s <= 5; s++)
        {
            double a = ImpulseNoiseOptions.Amount[s - 1];
            float[] y = Apply("impulse-noise", s, images, shape, seed: s);
            double salt = y.Count(v => v == 1) / (double)y.Length, pepper = y.Count(v => v == 0) / (double)y.Length;
            double se = Math.Sqrt(a / 2 / y.Length);
            Assert.True(Math.Abs(salt - a / 2) < 5 * se && Math.Abs(pepper - a / 2) < 5 * se, $"severity {s}: salt {salt}, pepper {pepper}, amount {a}");
            Assert.Equal(y.Length, y.Count(v => v is 0 or 1 or x));
        }
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(2.5)]
    [InlineData(2.0)]
    [InlineData(1.75)]
    public void PlasmaFractalHasTheReferencesDistribution(double decay)
    {
        // Fixture: mean, variance, mean per-map standard deviation and mean corner value of 4000 reference maps.
        double[] reference = NpyFile.Read(Path.Combine(Dir, $"plasma-{decay.ToString(System.Globalization.CultureInfo.InvariantCulture)}.npy")).ToSingle().Select(v => (double)v).ToArray();
        var maps = Enumerable.Range(0, 2000).Select(i => FogCorruption.Map(32, 32, decay, new Random(i))).ToArray();
        double mean = maps.SelectMany(m => m).Average();
        double variance = maps.SelectMany(m => m).Average(v => (v - mean) * (v - mean));
        double std = maps.Average(m => Math.Sqrt(m.Average(v => (v - m.Average()) * (v - m.Average()))));
        Assert.InRange(mean, reference[0] - 0.01, reference[0] + 0.01);
        Assert.InRange(variance, reference[1] * 0.94, reference[1] * 1.06);
        Assert.InRange(std, reference[2] * 0.97, reference[2] * 1.03);
        Assert.All(maps, m => Assert.Equal(1.0, m.Max(), 12));
        Assert.All(maps, m => Assert.Equal(0.0, m.Min(), 12));
    }

    [Fact]
    public void FogBlendsItsMapAsTheReference()
    {
        // clip((x + c·P)·M/(M + c)) with M the image's maximum, computed here by hand for one pixel.
        float[] image = [0.2f, 0.8f, 0.4f, 0.6f];
        double[] map = [0.5, 1.0];
        var output = new float[4];
        FogCorruption.Blend(image, 2, map, 0.75, output);
        Assert.Equal((0.2 + 0.75 * 0.5) * 0.8 / (0.8 + 0.75), output[0], 6);
        Assert.Equal((0.6 + 0.75 * 1.0) * 0.8 / (0.8 + 0.75), output[3], 6);
    }

    [Theory]
    [InlineData("gaussian-noise")]
    [InlineData("fog")]
    [InlineData("impulse-noise")]
    public void RandomCorruptionsDependOnlyOnSeedAndImageIndex(string name)
    {
        float[] x = Input();
        float[] all = Apply(name, 3, x, Cifar, seed: 5);
        var descriptor = MethodRegistry.Get(name, typeof(CorruptionOptions));
        var options = (CorruptionOptions)descriptor.With(descriptor.CreateDefault(), [new("severity", 3), new("seed", 5)]);
        float[] third = options.Create().Apply(x.AsSpan(2 * 3072, 3072), new ImageBatchShape(1, 3, 32, 32), firstIndex: 2);
        Assert.Equal(all.AsSpan(2 * 3072, 3072).ToArray(), third);
        Assert.NotEqual(all, Apply(name, 3, x, Cifar, seed: 6));
    }

    [Fact]
    public void GrayImagesAreTheRgbFormulaOnEqualChannels()
    {
        // A gray image corrupted alone equals each channel of the RGB image with three equal channels.
        float[] x = Input();
        var gray = new float[4 * 1024];
        for (int i = 0; i < 4; i++)
        {
            x.AsSpan(i * 3072, 1024).CopyTo(gray.AsSpan(i * 1024));
        }

        var rgb = new float[4 * 3072];
        for (int i = 0; i < 4; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                gray.AsSpan(i * 1024, 1024).CopyTo(rgb.AsSpan(i * 3072 + c * 1024));
            }
        }

        foreach (string name in new[] { "gaussian-blur", "defocus-blur", "zoom-blur", "contrast", "brightness", "pixelate", "jpeg" })
        {
            float[] g = Apply(name, 4, gray, new ImageBatchShape(4, 1, 32, 32));
            float[] c = Apply(name, 4, rgb, Cifar);
            for (int i = 0; i < 4; i++)
            {
                // JPEG: the RGB path rounds through YCbCr, the gray one does not.
                TestArrays.AssertClose(c.AsSpan(i * 3072, 1024).ToArray(), g.AsSpan(i * 1024, 1024), name == "jpeg" ? 2.5 / 255 : 1e-6, what: name);
            }
        }

        var ex = Assert.Throws<ArgumentException>(() => Apply("saturate", 1, gray, new ImageBatchShape(4, 1, 32, 32)));
        Assert.Contains("saturate", ex.Message);
        Assert.Contains("gray", ex.Message);
    }

    [Fact]
    public void AnyImageSizeWorks()
    {
        // Non-square, odd, smaller than the 17 × 17 defocus kernel and than a JPEG block.
        var shape = new ImageBatchShape(2, 3, 7, 13);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: 3);
        foreach (var d in MethodRegistry.All.Where(d => d.Kind == MethodKind.Corruption))
        {
            float[] y = Apply(d.Name, 5, x, shape);
            Assert.Equal(x.Length, y.Length);
            Assert.All(y, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [RequiresSharedFact("data/cifar10/test_batch.bin")]
    public void SeverityGrowsTheChange()
    {
        // Mean |corrupted − clean| over 100 CIFAR-10 test images grows with severity (saturate excepted: its
        // severities 1–2 desaturate, 3–5 saturate).
        float[] x = CifarBinaryFile.Read(Path.Combine(RepoPaths.Shared, "data", "cifar10", "test_batch.bin"), limit: 100).Images.Data;
        var cifar = new ImageBatchShape(100, 3, 32, 32);
        foreach (var d in MethodRegistry.All.Where(d => d.Kind == MethodKind.Corruption && d.Name != "saturate"))
        {
            double[] change = Enumerable.Range(1, 5).Select(s => Apply(d.Name, s, x, cifar, seed: 1).Select((v, i) => (double)Math.Abs(v - x[i])).Average()).ToArray();
            for (int s = 1; s < 5; s++)
            {
                Assert.True(change[s] > change[s - 1], $"{d.Name}: change {change[s]:G4} at severity {s + 1} is not above {change[s - 1]:G4} at {s}");
            }
        }
    }

    [Fact]
    public void BadSeverityAndPixelsAreNamed()
    {
        var ex = Assert.Throws<MethodOptionException>(() => new ContrastOptions { Severity = 6 }.Create());
        Assert.Contains("severity", ex.Message);
        Assert.Contains("6", ex.Message);
        var bad = Assert.Throws<ArgumentException>(() => new ContrastOptions().Create().Apply(new float[] { 1.5f }, new ImageBatchShape(1, 1, 1, 1)));
        Assert.Contains("[0, 1]", bad.Message);
    }
}
