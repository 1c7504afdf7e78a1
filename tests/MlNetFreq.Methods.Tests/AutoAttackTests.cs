using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// AutoAttack's parts against closed forms and invariants (the reference implementation cannot run here): the DLR loss and
/// its in-graph seed, APGD's checkpoints and step rule, Square's schedule, FAB's projections and its minimal perturbation on a
/// linear model, ball and box constraints, the ensemble's bookkeeping and resume, and the sanity checks' warnings.
/// </summary>
public sealed class AutoAttackTests
{
    private const int C = 1, H = 6, W = 5, Len = C * H * W;

    // f(x) = W·x + b on the flattened image, K classes; optional extra nodes on the logits.
    private static (ModelSession Model, float[] Weights, float[] Bias) Linear(int k, int seed = 31, Func<TestGraph, string, string>? tail = null)
    {
        var g = new TestGraph(C, H, W);
        float[] weights = TestArrays.Uniform(k * Len, seed, -1, 1);
        float[] bias = TestArrays.Uniform(k, seed + 1, -0.2f, 0.2f);
        string logits = g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Const(weights, k, Len), g.Const(bias, k)], A.Int("transB", 1));
        return (ModelSession.Create(g.Output(tail is null ? logits : tail(g, logits)), "linear"), weights, bias);
    }

    // A small nonlinear CNN (conv → relu → gemm) with K classes.
    private static ModelSession Cnn(int k, int seed = 41)
    {
        var g = new TestGraph(C, H, W);
        string conv = g.Node("Conv", [g.X, g.Const(TestArrays.Uniform(4 * C * 9, seed, -1, 1), 4, C, 3, 3)], A.Ints("pads", [1, 1, 1, 1]));
        string hidden = g.Node("Flatten", [g.Node("Relu", [conv])]);
        string logits = g.Node("Gemm", [hidden, g.Const(TestArrays.Uniform(k * 4 * H * W, seed + 1, -0.5f, 0.5f), k, 4 * H * W)], A.Int("transB", 1));
        return ModelSession.Create(g.Output(logits), "cnn");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DlrSeedIsTheLossGradientAndTheGraphComputesTheSame(bool targeted)
    {
        const int k = 6, n = 5;
        float[] z = TestArrays.Uniform(n * k, 3, -3, 3);
        int[] y = [0, 3, 5, 2, 1];
        int[] t = targeted ? [4, 1, 0, 5, 3] : [];
        var losses = new float[n];
        float[] seed = LossSeeds.Dlr(z, y, k, t, losses);
        for (int i = 0; i < n; i++)
        {
            // Closed form of the value, then central differences of it.
            var row = z.AsSpan(i * k, k).ToArray().Select(v => (double)v).ToArray();
            Assert.Equal(Dlr(row, y[i], targeted ? t[i] : -1), losses[i], 5);
            for (int c = 0; c < k; c++)
            {
                var plus = (double[])row.Clone();
                var minus = (double[])row.Clone();
                plus[c] += 1e-5;
                minus[c] -= 1e-5;
                double numeric = (Dlr(plus, y[i], targeted ? t[i] : -1) - Dlr(minus, y[i], targeted ? t[i] : -1)) / 2e-5;
                Assert.Equal(numeric, seed[i * k + c], 3);
            }
        }

        // The gradient graph's in-graph seed gives the input gradient of the C# seed.
        using var cnn = Cnn(k);
        float[] x = TestArrays.Uniform(n * Len, 4);
        var inGraph = cnn.DlrGradient(x, n, y, t);
        var viaSeed = cnn.Gradient(x, n, LossSeeds.Dlr(inGraph.Logits, y, k, t));
        TestArrays.AssertClose(viaSeed.InputGradient, inGraph.InputGradient, 1e-5, 1e-4, "DLR input gradient");
    }

    private static double Dlr(double[] z, int y, int t)
    {
        var sorted = z.OrderByDescending(v => v).ToArray();
        double other = t >= 0 ? z[t] : z.Where((_, c) => c != y).Max();
        double d = t >= 0 ? sorted[0] - (sorted[2] + sorted[3]) / 2 + 1e-12 : sorted[0] - sorted[2] + 1e-12;
        return -(z[y] - other) / d;
    }

    [Fact]
    public void ApgdCheckpointsAndStepRuleFollowThePaper()
    {
        Assert.Equal([22, 41, 57, 70, 80, 87, 93, 99], Apgd.Checkpoints(100));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], Apgd.Checkpoints(10)); // ⌊2.2⌋ = 2, then max(2 − 1, 1) = 1 each
        // 4 steps since the last checkpoint; ρ = 0.75 → halve when the loss rose in ≤ 3 of them.
        Assert.False(Apgd.HalveStep([0f, 1, 2, 3, 4], 0.75, halvedLastTime: true, bestAtLastCheck: 0, best: 4));
        Assert.True(Apgd.HalveStep([0f, 1, 2, 3, 2.5f], 0.75, halvedLastTime: true, bestAtLastCheck: 0, best: 3));
        // Rose every time but the best did not improve since the last checkpoint and the step was kept then.
        Assert.True(Apgd.HalveStep([0f, 1, 2, 3, 4], 0.75, halvedLastTime: false, bestAtLastCheck: 4, best: 4));
        Assert.False(Apgd.HalveStep([0f, 1, 2, 3, 4], 0.75, halvedLastTime: true, bestAtLastCheck: 4, best: 4));
    }

    [Fact]
    public void SquareScheduleAndPattern()
    {
        double[] expected = [0.8, 0.8, 0.4, 0.4, 0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125, 0.0015625];
        int[] at = [0, 10, 11, 50, 51, 201, 501, 1001, 2001, 4001, 6001, 8001];
        for (int i = 0; i < at.Length; i++)
        {
            Assert.Equal(expected[i], Square.Share(at[i], 0.8), 12);
        }

        Assert.Equal(29, Square.SquareSide(0, 0.8, 32, 32, l2: false)); // round(√(0.8·1024)) = round(28.6)
        Assert.Equal(8, Square.SquareSide(0, 0.8, 32, 8, l2: false)); // round(√(0.8·256)) = 14, at most min(H, W) = 8
        Assert.Equal(7, Square.SquareSide(0, 0.8, 32, 8, l2: true)); // …and odd for L2
        Assert.Equal(3, Square.SquareSide(9000, 0.8, 32, 32, l2: true)); // √(0.8/512·1024) = 1.26 → at least 3
        var eta = Square.Eta(5, false);
        Assert.Equal(1, eta.Sum(v => v * v), 12);
        Assert.True(eta.Take(10).All(v => v > 0) && eta.Skip(10).All(v => v < 0)); // upper ⌊5/2⌋ rows positive, the rest negative
        var transposed = Square.Eta(5, true);
        Assert.Equal(eta[1 * 5 + 3], transposed[3 * 5 + 1], 15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BoundaryProjectionMatchesItsClosedForms(bool l2)
    {
        // Interior: the box is not active, δ = c·w/‖w‖₂² (L2) or c·sign(w)/‖w‖₁ (L∞).
        float[] p = [0.5f, 0.4f, 0.6f, 0.5f];
        float[] w = [1f, -2f, 0.5f, 0f];
        double b = 0.1 + w.Zip(p, (a, q) => (double)a * q).Sum();
        var delta = new float[4];
        BoundaryProjection.Project(p, w, b, l2, delta);
        double c = 0.1, l1 = w.Sum(v => Math.Abs(v)), sq = w.Sum(v => (double)v * v);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(l2 ? c * w[i] / sq : c * Math.Sign(w[i]) / l1, delta[i], 6);
        }

        // Box active: the first coordinate can move by 0.05 only; the rest must make up the difference.
        p = [0.95f, 0.5f];
        w = [1f, 1f];
        b = p.Sum() + 0.3;
        BoundaryProjection.Project(p, w, b, l2, delta.AsSpan(0, 2));
        Assert.Equal(0.05, delta[0], 6);
        Assert.Equal(0.25, delta[1], 6);
        // Out of reach: every coordinate goes to its box side.
        BoundaryProjection.Project(p, w, p.Sum() + 5, l2, delta.AsSpan(0, 2));
        Assert.Equal([0.05f, 0.5f], delta.AsSpan(0, 2).ToArray().Select(v => MathF.Round(v, 6)));
    }

    [Theory]
    [InlineData(false, 7)]
    [InlineData(true, 7)]
    [InlineData(false, 3072)]
    [InlineData(true, 3072)]
    public void BoundaryProjectionMatchesASortedScanWithTies(bool l2, int n)
    {
        // Against the plain algorithm: sort the breakpoints, walk g(λ) = Σ s_i·min(λ, t_i) up to c. Pixels and weights on
        // coarse grids make many breakpoints equal (the selection's pivots hit ties); planes near, on and beyond the box.
        var random = new Random(n + (l2 ? 1 : 0));
        for (int trial = 0; trial < 60; trial++)
        {
            float[] p = Enumerable.Range(0, n).Select(_ => random.Next(9) / 8f).ToArray();
            float[] w = Enumerable.Range(0, n).Select(_ => (random.Next(9) - 4) / 4f).ToArray();
            double wp = w.Zip(p, (a, q) => (double)a * q).Sum(), reach = w.Sum(v => Math.Abs(v));
            double b = wp + (random.NextDouble() * 2.4 - 1.2) * reach * 0.5;
            var delta = new float[n];
            BoundaryProjection.Project(p, w, b, l2, delta);

            double c = b - wp, sign = c < 0 ? -1 : 1;
            var items = Enumerable.Range(0, n).Where(i => w[i] != 0).Select(i =>
            {
                double a = Math.Abs(w[i]), room = sign * w[i] > 0 ? 1 - p[i] : p[i];
                return (T: l2 ? room / a : room, S: l2 ? a * a : a, Cap: a * room);
            }).OrderBy(t => t.T).ToArray();
            double lambda = double.PositiveInfinity, reached = 0, slope = items.Sum(t => t.S);
            foreach (var (t, sl, cap) in items)
            {
                if (reached + t * slope >= Math.Abs(c))
                {
                    lambda = (Math.Abs(c) - reached) / slope;
                    break;
                }

                reached += cap;
                slope -= sl;
            }

            for (int i = 0; i < n; i++)
            {
                double room = sign * w[i] > 0 ? 1 - p[i] : p[i];
                double expected = w[i] == 0 ? 0 : sign * Math.Sign(w[i]) * Math.Min(l2 ? lambda * Math.Abs(w[i]) : lambda, room);
                Assert.Equal(expected, delta[i], 5);
                Assert.InRange(p[i] + delta[i], -1e-6, 1 + 1e-6);
            }

            if (double.IsFinite(lambda))
            {
                // On the plane, up to δ's float rounding (about 6e-8 of each |w_i|·|δ_i| ≤ |w_i|).
                Assert.InRange(wp + w.Zip(delta, (a, d) => (double)a * d).Sum() - b, -1e-6 * reach, 1e-6 * reach);
            }
        }
    }

    [Theory]
    [InlineData(PerturbationNorm.L2)]
    [InlineData(PerturbationNorm.Linf)]
    public void FabFindsTheMinimalPerturbationOfALinearModel(PerturbationNorm norm)
    {
        var (model, weights, bias) = Linear(2, seed: 51);
        using var _ = model;
        // Images well inside the box, so the nearest boundary point is the unconstrained projection.
        float[] x = TestArrays.Uniform(3 * Len, 52, 0.45f, 0.55f);
        var z = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 2).Select(k => bias[k] + Enumerable.Range(0, Len).Sum(j => (double)weights[k * Len + j] * x[i * Len + j])).ToArray()).ToArray();
        int[] y = z.Select(r => r[0] > r[1] ? 0 : 1).ToArray();
        // FAB lands at η × the distance to the linearised boundary: exact for a linear model, so η bounds its accuracy —
        // within 5 % with the reference's η = 1.05, within 1e-4 with η = 1 + 5e-5.
        foreach (double eta in new[] { 1.05, 1 + 5e-5 })
        {
            var result = new Fab(model, new FabOptions { Norm = norm, Eps = 0.99, Restarts = 1, Steps = 100, Eta = eta }).Run(x, y);
            for (int i = 0; i < 3; i++)
            {
                double gap = Math.Abs(z[i][0] - z[i][1]);
                var dw = Enumerable.Range(0, Len).Select(j => (double)weights[j] - weights[Len + j]).ToArray();
                double minimal = norm == PerturbationNorm.L2 ? gap / Math.Sqrt(dw.Sum(v => v * v)) : gap / dw.Sum(Math.Abs);
                Assert.True(result.Success[i]);
                double found = norm == PerturbationNorm.L2 ? result.L2[i] : result.Linf[i];
                double tolerance = eta == 1.05 ? 0.05 : 1e-4;
                Assert.True(found >= minimal * (1 - 1e-5) && found <= minimal * (1 + tolerance), $"η {eta}, image {i}: found {found}, minimal {minimal}");
            }
        }
    }

    public static TheoryData<string, PerturbationNorm> AttacksAndNorms()
    {
        var data = new TheoryData<string, PerturbationNorm>();
        foreach (string attack in new[] { "apgd-ce", "apgd-dlr", "apgd-t", "fab", "fab-t", "square" })
        {
            data.Add(attack, PerturbationNorm.Linf);
            data.Add(attack, PerturbationNorm.L2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AttacksAndNorms))]
    public void EveryAttackStaysInTheBallAndTheBoxAndDoesNotDependOnTheBatch(string name, PerturbationNorm norm)
    {
        using var model = Cnn(5);
        const int n = 6;
        double eps = norm == PerturbationNorm.L2 ? 0.5 : 0.05;
        float[] x = TestArrays.Uniform(n * Len, 61);
        int[] y = Logits(model, x, n);
        var options = new AutoAttackOptions { Norm = norm, Eps = eps, Seed = 7, Version = AutoAttackVersion.Plus }.Plan(model.Classes).Single(p => p.Name == name).Options;
        options = options switch
        {
            SquareOptions s => s with { MaxQueries = 200 },
            FabTargetedOptions f => f with { Steps = 20, TargetClasses = 2 },
            FabOptions f => f with { Steps = 20, Restarts = 2 },
            ApgdTargetedOptions a => a with { Steps = 20, TargetClasses = 2 },
            ApgdOptions a => a with { Steps = 20, Restarts = 2 },
            _ => options,
        };
        var whole = options.Create(model).Run(x, y);
        var attack = options.Create(model);
        attack.MaxBatchSize = 4;
        var pieces = attack.Run(x, y);
        Assert.Equal(whole.Adversarial, pieces.Adversarial);
        for (int i = 0; i < n; i++)
        {
            Assert.True((norm == PerturbationNorm.L2 ? whole.L2[i] : whole.Linf[i]) <= eps * (1 + 1e-5) + 1e-6, $"{name}: image {i} left the ball");
        }

        Assert.All(whole.Adversarial, v => Assert.InRange(v, 0f, 1f));
        if (options is SquareOptions square)
        {
            // One query for the start, one per iteration until success: never more than the budget + 1.
            Assert.All(whole.Iterations, q => Assert.InRange(q, 0, square.MaxQueries + 1));
            Assert.Contains(whole.Iterations, q => q == square.MaxQueries + 1); // some image of this small model survives all queries
        }
    }

    [Fact]
    public void EnsembleNeverAttacksABrokenPointAgainAndResumesFromItsState()
    {
        using var model = Cnn(5);
        const int n = 12;
        float[] x = TestArrays.Uniform(n * Len, 71);
        int[] y = Logits(model, x, n);
        y[0] = (y[0] + 1) % 5; // misclassified before any attack
        var options = new AutoAttackOptions { Eps = 0.08, Attacks = AttackList.Parse("apgd-ce,apgd-t,square"), Seed = 3 };
        var states = new List<string>();
        var full = new AutoAttack(model, options) { AttackFinished = s => states.Add(s.ToJson()) }.Evaluate(x, y);

        Assert.Equal("clean", full.Samples[0].BrokenBy);
        Assert.Empty(full.Samples[0].Iterations);
        int previous = full.Clean.Robust;
        foreach (var stage in full.Stages)
        {
            Assert.True(stage.Robust <= previous, "robust accuracy never increases along the log");
            previous = stage.Robust;
        }

        string[] order = ["apgd-ce", "apgd-t", "square"];
        foreach (var sample in full.Samples.Where(s => s.BrokenBy is not null and not "clean"))
        {
            // Attacks after the one that broke a sample never ran on it.
            int at = Array.IndexOf(order, sample.BrokenBy);
            Assert.All(order.Skip(at + 1), later => Assert.False(sample.Iterations.ContainsKey(later)));
            Assert.True(sample.Linf <= 0.08 + 1e-6);
        }

        Assert.Equal(full.Stages[^1].Robust, full.Samples.Count(s => s.Robust));
        Assert.True(full.Stages[0].Robust < full.Clean.Robust, "APGD-CE breaks some points of this small model");

        // Resuming after the first attack gives the uninterrupted result.
        var resumed = new AutoAttack(model, options).Evaluate(x, y, resume: AutoAttackState.FromJson(states[0]));
        Assert.Equal(full.Adversarial, resumed.Adversarial);
        Assert.Equal(full.Stages.Select(s => s.Robust), resumed.Stages.Select(s => s.Robust));
        // Another ε or other data: refused.
        Assert.Contains("other options", Assert.Throws<InvalidDataException>(() =>
            new AutoAttack(model, options with { Eps = 0.1 }).Evaluate(x, y, resume: AutoAttackState.FromJson(states[0]))).Message, StringComparison.Ordinal);
        // Parts run on their own (global indices) and combined give the whole run's log and samples.
        var parts = new[] { (0, 5), (5, 7) }.Select(p => new AutoAttack(model, options).Evaluate(x.AsSpan(p.Item1 * Len, p.Item2 * Len), y.AsSpan(p.Item1, p.Item2), firstIndex: p.Item1)).ToArray();
        var combined = AutoAttackReport.Combine(options, parts, full.Warnings.Take(full.Warnings.Count - AfterRunWarnings(full)).ToArray());
        Assert.Equal(full.Clean, combined.Clean);
        Assert.Equal(full.Stages, combined.Stages);
        Assert.Equal(full.Samples.Select(s => (s.Index, s.Robust, s.BrokenBy, s.Linf, s.L2)), combined.Samples.Select(s => (s.Index, s.Robust, s.BrokenBy, s.Linf, s.L2)));
        Assert.Equal(full.Warnings, combined.Warnings);
        Assert.Throws<ArgumentException>(() => AutoAttackReport.Combine(options, [parts[0], parts[1] with { Stages = parts[1].Stages.Take(1).ToArray() }], []));

        x[5] = 0.5f;
        Assert.Contains("other images", Assert.Throws<InvalidDataException>(() =>
            new AutoAttack(model, options).Evaluate(x, y, resume: AutoAttackState.FromJson(states[0]))).Message, StringComparison.Ordinal);
    }

    private static int AfterRunWarnings(AutoAttackReport report) =>
        SanityChecks.AfterRun(report.Count, report.Clean.Robust, report.Stages.ToDictionary(s => s.Attack, s => s.Robust)).Count();

    [Fact]
    public void SanityChecksWarnOnPurposeBuiltModels()
    {
        const int n = 4;
        float[] x = TestArrays.Uniform(n * Len, 81);
        var options = new AutoAttackOptions { Eps = 0.01, Attacks = AttackList.Parse("apgd-ce"), Seed = 1 };
        using (var clean = Linear(10).Model)
        {
            Assert.Empty(Run(clean));
        }

        using (var softmax = Linear(10, tail: (g, z) => g.Node("Softmax", [z], A.Int("axis", 1))).Model)
        {
            Assert.Contains(Run(softmax), w => w.Contains("look like probabilities", StringComparison.Ordinal));
        }

        using (var random = Linear(10, tail: (g, z) => g.Node("Add", [z, g.Node("RandomNormalLike", [z], A.Float("scale", 0.5f))])).Model)
        {
            Assert.Contains(Run(random), w => w.StartsWith("randomised model", StringComparison.Ordinal));
        }

        using (var flat = Linear(10, tail: (g, z) => g.Node("Add", [g.Node("Mul", [z, g.Const([0f], 1)]), g.Const(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), 10)])).Model)
        {
            Assert.Contains(Run(flat), w => w.Contains("zero cross-entropy gradient", StringComparison.Ordinal));
        }

        using (var few = Linear(5).Model)
        {
            Assert.Contains(SanityChecks.BeforeRun(few, x, Logits(few, x, n), ["apgd-t"]), w => w.Contains("use 4 target classes", StringComparison.Ordinal));
        }

        // Square lowering robust accuracy below the white-box attacks' by more than 0.2 points.
        Assert.Single(SanityChecks.AfterRun(4, 4, new Dictionary<string, int> { ["apgd-ce"] = 4, ["square"] = 3 }));
        Assert.Empty(SanityChecks.AfterRun(1000, 900, new Dictionary<string, int> { ["apgd-ce"] = 500, ["square"] = 499 })); // 0.1 points: within the tolerance

        IReadOnlyList<string> Run(ModelSession model) => new AutoAttack(model, options).Evaluate(x, Logits(model, x, n)).Warnings;
    }

    [Fact]
    public void TooFewClassesForDlrIsAClearError()
    {
        using var model = Linear(3).Model;
        float[] x = TestArrays.Uniform(2 * Len, 91);
        var ex = Assert.Throws<Descriptors.MethodOptionException>(() => new Apgd(model, new ApgdTargetedOptions { TargetClasses = 2 }).Run(x, [0, 1]));
        Assert.Contains("needs at least 4 classes", ex.Message, StringComparison.Ordinal);
    }

    private static int[] Logits(ModelSession model, float[] x, int n)
    {
        float[] z = model.Forward(x, n);
        return Enumerable.Range(0, n).Select(i => Onnx.Losses.Logits.ArgMax(z.AsSpan(i * model.Classes, model.Classes))).ToArray();
    }
}
