using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Onnx.Sessions;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Methods.Tests;

public sealed class AttackTests : IClassFixture<AttackTests.ShippedModel>
{
    private readonly ShippedModel _shipped;

    public AttackTests(ShippedModel shipped) => _shipped = shipped;

    public sealed class ShippedModel : IDisposable
    {
        public ModelSession Session { get; } = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));

        public Data.Tensors.LabeledImages Sample { get; } = DataSources.Load(
            Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 16);

        public void Dispose() => Session.Dispose();
    }

    private const int C = 1, H = 4, W = 5, K = 3;

    // f(x) = W·x + b on the flattened image: ∇ₓ CE = Wᵀ(softmax(f(x)) − onehot(y)), computed here without the graph builder.
    private static (ModelSession Model, float[] Weights, float[] Bias) Linear()
    {
        var g = new TestGraph(C, H, W);
        float[] weights = TestArrays.Uniform(K * C * H * W, 21, -1, 1);
        float[] bias = TestArrays.Uniform(K, 22, -1, 1);
        string logits = g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Const(weights, K, C * H * W), g.Const(bias, K)], A.Int("transB", 1));
        return (ModelSession.Create(g.Output(logits), "linear"), weights, bias);
    }

    [Fact]
    public void FgmL2MatchesItsClosedFormOnALinearModel()
    {
        var (model, weights, bias) = Linear();
        using var _ = model;
        int n = 3, len = C * H * W;
        float[] x = TestArrays.Uniform(n * len, 24, 0.3f, 0.7f);
        int[] y = [1, 0, 2];
        const double eps = 0.2; // small enough that no pixel leaves [0, 1]: x′ − x is exactly ε·g/‖g‖₂
        var result = new FgmL2(model, new FgmL2Options { Eps = eps }).Run(x, y);
        for (int i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, K).Select(k => bias[k] + Enumerable.Range(0, len).Sum(j => (double)weights[k * len + j] * x[i * len + j])).ToArray();
            var p = z.Select(v => Math.Exp(v - z.Max())).ToArray();
            double sum = p.Sum();
            double[] grad = Enumerable.Range(0, len).Select(j => Enumerable.Range(0, K).Sum(k => weights[k * len + j] * (p[k] / sum - (k == y[i] ? 1 : 0)))).ToArray();
            double norm = Math.Sqrt(grad.Sum(v => v * v));
            for (int j = 0; j < len; j++)
            {
                Assert.Equal(x[i * len + j] + eps * grad[j] / norm, result.Adversarial[i * len + j], 5);
            }

            Assert.Equal(eps, result.L2[i], 4);
        }
    }

    [Fact]
    public void FgsmMatchesItsClosedFormOnALinearModel()
    {
        var (model, weights, bias) = Linear();
        using var _ = model;
        int n = 4, len = C * H * W;
        float[] x = TestArrays.Uniform(n * len, 23);
        int[] y = [0, 2, 1, 2];
        const double eps = 0.05;
        var result = new Fgsm(model, new FgsmOptions { Eps = eps }).Run(x, y);
        for (int i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, K).Select(k => bias[k] + Enumerable.Range(0, len).Sum(j => (double)weights[k * len + j] * x[i * len + j])).ToArray();
            double max = z.Max();
            var p = z.Select(v => Math.Exp(v - max)).ToArray();
            double sum = p.Sum();
            for (int j = 0; j < len; j++)
            {
                double grad = Enumerable.Range(0, K).Sum(k => weights[k * len + j] * (p[k] / sum - (k == y[i] ? 1 : 0)));
                double expected = Math.Clamp(x[i * len + j] + eps * Math.Sign(grad), 0, 1);
                Assert.Equal(expected, result.Adversarial[i * len + j], 6);
            }
        }
    }

    [Fact]
    public void OneStepPgdWithAlphaEpsAndNoRandomStartIsFgsm()
    {
        var s = _shipped.Sample;
        var fgsm = new Fgsm(_shipped.Session, new FgsmOptions { Eps = 0.1 }).Run(s.Images.Data, s.Labels);
        var pgd = new Pgd(_shipped.Session, new PgdOptions { Eps = 0.1, Alpha = 0.1, Steps = 1, RandomStart = false }).Run(s.Images.Data, s.Labels);
        TestArrays.AssertClose(fgsm.Adversarial, pgd.Adversarial, atol: 1e-6);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void BallAndBoxConstraintsHold(bool l2, bool randomStart)
    {
        static double Eps(Attack a) => ((ProjectedGradientOptions)a.Options).Eps;
        var s = _shipped.Sample;
        ProjectedGradientDescent attack = l2
            ? new PgdL2(_shipped.Session, new PgdL2Options { Eps = 1.5, Alpha = 0.5, Steps = 5, RandomStart = randomStart, Restarts = 2 })
            : new Pgd(_shipped.Session, new PgdOptions { Eps = 0.1, Alpha = 0.03, Steps = 5, RandomStart = randomStart, Restarts = 2 });
        var r = attack.Run(s.Images.Data, s.Labels);
        Assert.All(r.Adversarial, v => Assert.InRange(v, 0f, 1f));
        for (int i = 0; i < r.Count; i++)
        {
            Assert.True((l2 ? r.L2[i] : r.Linf[i]) <= Eps(attack) * (1 + 1e-5) + 1e-6, $"sample {i}: norm {(l2 ? r.L2[i] : r.Linf[i])} > {Eps(attack)}");
            Assert.Equal(10, r.Iterations[i]);
        }

        Assert.True(r.SuccessRate > 0.5, $"success rate {r.SuccessRate}");
    }

    [Fact]
    public void SeedsReproduceWhateverTheBatchSize()
    {
        var s = _shipped.Sample;
        var a = new Pgd(_shipped.Session, new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 3, Seed = 3 }) { MaxBatchSize = 5 }.Run(s.Images.Data, s.Labels);
        var b = new Pgd(_shipped.Session, new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 3, Seed = 3 }) { MaxBatchSize = 16 }.Run(s.Images.Data, s.Labels);
        var c = new Pgd(_shipped.Session, new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 3, Seed = 4 }).Run(s.Images.Data, s.Labels);
        TestArrays.AssertClose(a.Adversarial, b.Adversarial, atol: 1e-6);
        Assert.NotEqual(a.Adversarial, c.Adversarial);

        var q1 = new SimBA(_shipped.Session, new SimBADctOptions { MaxQueries = 60, Seed = 9 }) { MaxBatchSize = 3 }.Run(s.Images.Data, s.Labels);
        var q2 = new SimBA(_shipped.Session, new SimBADctOptions { MaxQueries = 60, Seed = 9 }).Run(s.Images.Data, s.Labels);
        Assert.Equal(q1.Adversarial, q2.Adversarial);
        Assert.Equal(q1.Iterations, q2.Iterations);
    }

    [Fact]
    public void CarliniWagnerShrinksWithMoreStepsAndItsSearchLowersC()
    {
        var s = _shipped.Sample;
        var shortRun = new CarliniWagnerL2(_shipped.Session, new CarliniWagnerL2Options { C = 10, Steps = 10, Lr = 0.05, AbortEarly = false }).Run(s.Images.Data, s.Labels);
        var cw = new CarliniWagnerL2(_shipped.Session, new CarliniWagnerL2Options { C = 10, Steps = 60, Lr = 0.05, AbortEarly = false, BinarySearchSteps = 2 });
        var longRun = cw.Run(s.Images.Data, s.Labels);
        var both = Enumerable.Range(0, 16).Where(i => shortRun.Success[i] && longRun.Success[i]).ToArray();
        Assert.True(both.Length >= 8, $"only {both.Length} samples succeeded in both runs");
        Assert.True(both.Average(i => longRun.L2[i]) < both.Average(i => shortRun.L2[i]), "more steps should find smaller perturbations");
        for (int i = 0; i < 16; i++)
        {
            if (longRun.Success[i])
            {
                Assert.True(cw.LastConstants[i] < 10, $"sample {i}: c {cw.LastConstants[i]} after a success");
            }
            else
            {
                Assert.Equal(s.Images.Image(i).ToArray(), longRun.Adversarial.AsSpan(i * 784, 784).ToArray());
            }
        }
    }

    [Fact]
    public void SimBADctStepMovesTheImageByExactlyEps()
    {
        var g = new TestGraph(1, 6, 6);
        using var model = ModelSession.Create(g.Output(g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Random(1, 36, 4)])), "linear");
        float[] x = Enumerable.Repeat(0.5f, 3 * 36).ToArray();
        var r = new SimBA(model, new SimBADctOptions { Eps = 0.05, MaxQueries = 2, Order = SimBAOrder.Diagonal }).Run(x, [0, 1, 2]);
        for (int i = 0; i < 3; i++)
        {
            // Samples the model already misclassifies cost no query and stay unchanged.
            Assert.InRange(r.Iterations[i], 0, 2);
            Assert.True(Math.Abs(r.L2[i]) < 1e-6 || Math.Abs(r.L2[i] - 0.05) < 1e-5, $"L2 {r.L2[i]}");
        }

        Assert.Contains(r.L2, v => Math.Abs(v - 0.05) < 1e-5);
    }

    [Fact]
    public void SimBAFindsAdversarialsWithinItsBudget()
    {
        var s = _shipped.Sample;
        foreach (SimBAOptions options in new SimBAOptions[] { new SimBADctOptions { FreqDims = 14 }, new SimBAOptions() })
        {
            var attack = new SimBA(_shipped.Session, options with { MaxQueries = 400, LinfBound = 0.3 });
            var basis = attack.Basis;
            var r = attack.Run(s.Images.Data, s.Labels);
            Assert.All(r.Iterations, q => Assert.InRange(q, 0, 400));
            Assert.All(r.Linf, v => Assert.True(v <= 0.3 + 1e-6));
            Assert.True(r.SuccessRate > 0.2, $"{basis}: success rate {r.SuccessRate}");
        }
    }

    [Fact]
    public void SimBAQueriesAtMostTwicePerCoordinateTried()
    {
        // A 2×2 block of one channel gives 4 coordinates; without a query budget the order runs out first.
        var s = _shipped.Sample;
        var r = new SimBA(_shipped.Session, new SimBADctOptions { FreqDims = 2, Eps = 0.05 }).Run(s.Images.Data, s.Labels);
        Assert.All(r.Iterations, q => Assert.InRange(q, 0, 2 * 4));
        Assert.Contains(r.Iterations, q => q > 4);
    }

    [Fact]
    public void LowFrequencyPgdStepsAlongTheSignOfTheLowPassedGradient()
    {
        var s = _shipped.Sample;
        var x = s.Images.Data.AsSpan(0, 2 * 784).ToArray();
        int[] y = s.Labels!.Take(2).ToArray();
        var r = new LowFrequencyPgd(_shipped.Session, new LowFrequencyPgdOptions { Eps = 0.05, Alpha = 0.05, Steps = 1, RandomStart = false, Ratio = 0.25 }).Run(x, y);
        float[] g = _shipped.Session.CrossEntropyGradient(x, 2, y).InputGradient;
        double[] spectrum = NaiveDct.Transform(g, 2, 28, 28, inverse: false);
        for (int i = 0; i < spectrum.Length; i++)
        {
            int u = i % 784 / 28, v = i % 28;
            if (u >= 7 || v >= 7)
            {
                spectrum[i] = 0;
            }
        }

        double[] low = NaiveDct.Transform(spectrum.Select(v => (float)v).ToArray(), 2, 28, 28, inverse: true);
        int agree = Enumerable.Range(0, x.Length).Count(j => Math.Abs(r.Adversarial[j] - Math.Clamp(x[j] + 0.05 * Math.Sign(low[j]), 0, 1)) < 1e-6);
        Assert.True(agree >= x.Length - 2, $"{x.Length - agree} pixels differ");
    }

    /// <summary>
    /// Budgets and step sizes of zero run without error and measure nothing (every image unchanged: robust accuracy =
    /// clean accuracy), so every attack refuses them, naming the option; zero steps keep a zero step size legal.
    /// </summary>
    [Fact]
    public void ZeroBudgetsAndStepSizesAreRefused()
    {
        AttackOptions[] zeroBudget =
        [
            new FgsmOptions { Eps = 0 }, new FgmL2Options { Eps = 0 }, new PgdOptions { Eps = 0 }, new PgdL2Options { Eps = 0 },
            new LowFrequencyPgdOptions { Eps = 0 }, new ApgdOptions { Eps = 0 }, new ApgdTargetedOptions { Eps = 0 }, new FabOptions { Eps = 0 },
            new SquareOptions { Eps = 0 }, new AutoAttackOptions { Eps = 0 },
        ];
        foreach (var options in zeroBudget)
        {
            var ex = Assert.Throws<MethodOptionException>(options.Validate);
            Assert.Equal(("eps", "expected a finite value > 0, found 0: a zero budget leaves every image as it is, so robust accuracy would be clean accuracy."), (ex.Option, ex.Problem));
        }

        Assert.Equal("eps", Assert.Throws<MethodOptionException>(new SimBADctOptions { Eps = 0 }.Validate).Option);
        Assert.Equal("alpha", Assert.Throws<MethodOptionException>(new PgdOptions { Alpha = 0 }.Validate).Option);
        Assert.Equal("alpha", Assert.Throws<MethodOptionException>(new PgdL2Options { Alpha = 0 }.Validate).Option);
        Assert.Equal("c", Assert.Throws<MethodOptionException>(new CarliniWagnerL2Options { C = 0 }.Validate).Option);
        Assert.Equal("lr", Assert.Throws<MethodOptionException>(new CarliniWagnerL2Options { Lr = 0 }.Validate).Option);
        Assert.Equal("eps", Assert.Throws<MethodOptionException>(new PgdOptions { Eps = double.PositiveInfinity }.Validate).Option);
        new PgdOptions { Alpha = 0, Steps = 0 }.Validate();
        var noStart = Assert.Throws<MethodOptionException>(new PgdOptions { Steps = 0, RandomStart = false }.Validate);
        Assert.Equal(("steps", "expected at least 1 without a random start, found 0: the attack would leave every image as it is."), (noStart.Option, noStart.Problem));
        new CarliniWagnerL2Options { Kappa = 0 }.Validate();
    }

    /// <summary>
    /// A ball that holds the whole [0, 1] box cannot be meant (every image is inside it): an L∞ ε ≥ 1 is refused by
    /// the options, an L2 ε ≥ √(C·H·W) (28 for the 1×28×28 model) when the attack meets the model; just below runs.
    /// </summary>
    [Fact]
    public void BudgetsThatHoldEveryImageAreRefused()
    {
        AttackOptions[] linf =
        [
            new FgsmOptions { Eps = 1 }, new PgdOptions { Eps = 1.5 }, new LowFrequencyPgdOptions { Eps = 1 }, new ApgdOptions { Eps = 2 },
            new ApgdTargetedOptions { Eps = 1 }, new FabOptions { Eps = 1 }, new SquareOptions { Eps = 1 }, new AutoAttackOptions { Eps = 2 },
        ];
        foreach (var options in linf)
        {
            var ex = Assert.Throws<MethodOptionException>(options.Validate);
            Assert.Equal("eps", ex.Option);
            Assert.StartsWith("expected an L∞ budget below 1 on [0, 1] pixels, found ", ex.Problem, StringComparison.Ordinal);
        }

        // The same values are L2 radii for the L2 attacks: legal as options, and below the box's diameter for 28×28 images.
        new ApgdOptions { Eps = 2, Norm = PerturbationNorm.L2 }.Validate();
        new PgdL2Options { Eps = 1.5 }.Validate();
        new PgdOptions { Eps = 0.999 }.Validate();
        var s = _shipped.Sample;
        float[] one = s.Images.Image(0).ToArray();
        AttackOptions[] l2 = [new PgdL2Options { Eps = 28 }, new FgmL2Options { Eps = 30 }, new AutoAttackOptions { Norm = PerturbationNorm.L2, Eps = 28 }, new SquareOptions { Norm = PerturbationNorm.L2, Eps = 100 }];
        foreach (var options in l2)
        {
            options.Validate();
            var ex = Assert.Throws<MethodOptionException>(() => options.Create(_shipped.Session).Run(one, [s.Labels![0]]));
            Assert.Equal("eps", ex.Option);
            Assert.StartsWith("expected an L2 budget below the diameter of the [0, 1] box of the model's [1,28,28] images (28), found ", ex.Problem, StringComparison.Ordinal);
        }

        Assert.Single(new FgmL2Options { Eps = 27.9 }.Create(_shipped.Session).Run(one, [s.Labels![0]]).Success);
    }

    [Fact]
    public void BadHyperParametersAndInputsAreRejected()
    {
        var s = _shipped.Sample;
        Assert.Equal("eps: expected a finite value > 0, found -0.1.", Assert.Throws<MethodOptionException>(() => new Pgd(_shipped.Session, new PgdOptions { Eps = -0.1 }).Run(s.Images.Data, s.Labels)).Message);
        Assert.Equal("freq-dims: expected at most 28 (the side of the model's 28×28 images), found 100.",
            Assert.Throws<MethodOptionException>(() => new SimBA(_shipped.Session, new SimBADctOptions { FreqDims = 100 }).Run(s.Images.Data, s.Labels)).Message);
        Assert.Contains("Label 10 at row 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Fgsm(_shipped.Session).Run(s.Images.Image(0).ToArray(), [10])).Message, StringComparison.Ordinal);
        Assert.Contains("Expected 2 images", Assert.Throws<ArgumentException>(() => new Fgsm(_shipped.Session).Run(s.Images.Image(0).ToArray(), [1, 2])).Message, StringComparison.Ordinal);
        var nan = s.Images.Image(0).ToArray();
        nan[3] = float.NaN;
        Assert.Contains("found NaN in image 0 at offset 3", Assert.Throws<ArgumentException>(() => new Fgsm(_shipped.Session).Run(nan, [1])).Message, StringComparison.Ordinal);
        Assert.Equal("steps", Assert.Throws<MethodOptionException>(() => new CarliniWagnerL2(_shipped.Session, new CarliniWagnerL2Options { Steps = 0 }).Run(s.Images.Image(0).ToArray(), [1])).Option);
    }
}

/// <summary>PGD without random start against PyTorch runs of the same attack on the shipped models (tests/fixtures/make_attack_fixtures.py).</summary>
public sealed class PgdFixtureTests
{
    public static TheoryData<string> Fixtures => new(Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "attacks"), "*.npy").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void MatchesPyTorch(string file)
    {
        string stem = file[..^4];
        string model = stem[..stem.LastIndexOf('.')], method = stem[(stem.LastIndexOf('.') + 1)..];
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, model + ".onnx"));
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 8);
        ProjectedGradientDescent attack = method == "pgd"
            ? new Pgd(session, new PgdOptions { Eps = 0.1, Alpha = 0.025, Steps = 10, RandomStart = false })
            : new PgdL2(session, new PgdL2Options { Eps = 1.5, Alpha = 0.375, Steps = 10, RandomStart = false });
        var ours = attack.Run(data.Images.Data, data.Labels).Adversarial;
        float[] torch = NpyFile.ReadImages(Path.Combine(RepoPaths.Fixtures, "attacks", file)).Data;
        var pixels = Enumerable.Range(0, ours.Length).ToArray();

        // L∞: a sign of a gradient within float rounding of 0 may flip between runtimes; such pixels are rare.
        // L2: each step is α·g/‖g‖₂, so the gradients' float32 differences (~1e-3 relative: ONNX folds BatchNorm into
        // the convolutions) move pixels by up to ~1e-4 per step, and a pixel that reaches the [0, 1] clip in one runtime
        // and not the other then follows another path: 1e-3 for 99 % of the pixels, and a small mean difference.
        double tolerance = method == "pgd" ? 1e-4 : 1e-3;
        double share = method == "pgd" ? 0.995 : 0.99;
        int close = pixels.Count(j => Math.Abs(ours[j] - torch[j]) <= tolerance);
        double meanDiff = pixels.Average(j => Math.Abs(ours[j] - torch[j]));
        Assert.True(close >= share * pixels.Length, $"{file}: {pixels.Length - close} of {pixels.Length} pixels differ by more than {tolerance} (mean |difference| {meanDiff:E2})");
        Assert.True(meanDiff < 1e-3, $"{file}: mean |difference| {meanDiff:E2}");
    }
}

/// <summary>The C# tool re-measures each shipped model's PGD robust accuracy recorded in models/models.json (PyTorch, same images).</summary>
public sealed class ShippedRobustnessTests
{
    public static TheoryData<string> Models => new(
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models")
            .EnumerateArray().Where(m => m.GetProperty("dataset").GetString() == "fashion-mnist").Select(m => m.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Models))]
    public void RobustAccuracyMatchesTheManifest(string name) =>
        AssertRobustAccuracy(name, n => DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), n));

    [RequiresSharedFact("data/cifar10/test_batch.bin")]
    public void AdversariallyTrainedCifarModelsKeepTheirManifestRobustAccuracy()
    {
        var names = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("dataset").GetString() == "cifar10" && m.GetProperty("recipe").GetProperty("norm").ValueKind != System.Text.Json.JsonValueKind.Null)
            .Select(m => m.GetProperty("name").GetString()!).ToArray();
        Assert.NotEmpty(names);
        foreach (string name in names)
        {
            AssertRobustAccuracy(name, n => DataSources.Load(Path.Combine(RepoPaths.Shared, "data", "cifar10"), limit: n));
        }
    }

    private static void AssertRobustAccuracy(string name, Func<int, Data.Tensors.LabeledImages> load)
    {
        var entry = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Models, "models.json"))).RootElement.GetProperty("models")
            .EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        var robust = entry.GetProperty("robust_accuracy");
        var data = load(robust.GetProperty("images").GetInt32());
        using var session = ModelSession.Load(Path.Combine(RepoPaths.Models, entry.GetProperty("file").GetString()!));
        double eps = robust.GetProperty("eps").GetDouble(), alpha = robust.GetProperty("alpha").GetDouble();
        int steps = robust.GetProperty("steps").GetInt32();
        ProjectedGradientDescent pgd = robust.GetProperty("norm").GetString() == "l2"
            ? new PgdL2(session, new PgdL2Options { Eps = eps, Alpha = alpha, Steps = steps, RandomStart = false })
            : new Pgd(session, new PgdOptions { Eps = eps, Alpha = alpha, Steps = steps, RandomStart = false });
        double accuracy = 1 - pgd.Run(data.Images.Data, data.Labels).SuccessRate;
        double manifest = robust.GetProperty("value").GetDouble();
        Assert.True(Math.Abs(accuracy - manifest) <= 0.02, $"{name}: robust accuracy {accuracy:F4} here, {manifest:F4} in the manifest");
    }
}

public sealed class AttackResultTests
{
    [Fact]
    public void MedianIsTheMiddleOrTheMeanOfTheTwoMiddleCounts()
    {
        Assert.Equal(2, AttackResult.Median([3, 1, 2]));
        Assert.Equal(2.5, AttackResult.Median([4, 1, 3, 2]));
        Assert.Equal(0, AttackResult.Median([]));
        Assert.Equal(int.MaxValue, AttackResult.Median([int.MaxValue, 7, int.MaxValue, int.MaxValue]));
    }
}
