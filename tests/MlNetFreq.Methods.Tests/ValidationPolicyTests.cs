using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Methods.Validation;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Tests;

/// <summary>Policies are read strictly and gates fail closed: a typo in a policy is an error, never a pass.</summary>
public sealed class ValidationPolicyTests
{
    private const string Valid = """
        { "limit": 100, "checks": [
          { "name": "clean", "kind": "CleanAccuracy", "min": 0.8, "images": 50, "decision": "lower-bound" },
          { "name": "pgd", "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "eps": 0.1, "random-start": false } } ] }
        """;

    [Fact]
    public void TheShippedPolicyAndAValidOneParse()
    {
        var shipped = ValidationPolicy.Load(Path.Combine(RepoPaths.Root, "samples", "policies", "fmnist-gate.json"));
        Assert.Equal(4, shipped.Checks.Count);
        var policy = ValidationPolicy.Parse(Valid, "valid.json");
        Assert.Equal(100, policy.Limit);
        Assert.Equal(CheckDecision.LowerBound, policy.Checks[0].Decision);
        Assert.Equal(new PgdOptions { Eps = 0.1, RandomStart = false }, policy.Checks[1].Attack);
        Assert.Null(policy.Checks[1].Images);
    }

    public static TheoryData<string, string> Misspelt => new()
    {
        { "\"limit\"", "the policy: unknown key \"limits\"; expected one of limit, checks." },
        { "\"checks\"", "the policy: unknown key \"check\"; expected one of limit, checks." },
        { "\"name\"", "checks[0]: unknown key \"nam\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"kind\"", "checks[0]: unknown key \"knd\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"min\"", "checks[0]: unknown key \"minimum\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"images\"", "checks[0]: unknown key \"image\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"decision\"", "checks[0]: unknown key \"decide\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"attack\"", "checks[1]: unknown key \"attacks\"; expected one of name, kind, min, max, images, attack, decision, fail-on-warnings, diagnostic, radius." },
        { "\"eps\"", "checks[1]: attack option \"epsilon\": does not apply to pgd (no method takes it); pgd takes eps, alpha, steps, random-start, restarts, early-stop, seed, targeted." },
        { "\"method\": \"pgd\"", "checks[1]: attack option \"method\": expected one of fgsm, fgm-l2, pgd, pgd-l2, cw, simba, simba-dct, lowfreq-pgd, apgd-ce, apgd-dlr, apgd-t, fab, fab-t, square, autoattack, found 'Pgd'." },
        { "\"CleanAccuracy\"", "checks[0]: kind: expected one of CleanAccuracy, RobustAccuracy, HighFrequencyReliance, SimBAMedianQueries, AutoAttack, HeatMapMeanError, HeatMapMaxError, LowPassAccuracy, HighPassAccuracy, CorruptionAccuracy, WorstCorruptionGroupAccuracy, found 'CleanAcuracy'." },
        { "\"lower-bound\"", "checks[0]: decision: expected one of estimate, lower-bound, upper-bound, found \"lowerbound\"." },
    };

    [Theory]
    [MemberData(nameof(Misspelt))]
    public void EveryMisspeltKeyOrValueIsAnErrorNamingIt(string token, string message)
    {
        string typo = token switch
        {
            "\"limit\"" => "\"limits\"", "\"checks\"" => "\"check\"", "\"name\"" => "\"nam\"", "\"kind\"" => "\"knd\"", "\"min\"" => "\"minimum\"",
            "\"images\"" => "\"image\"", "\"decision\"" => "\"decide\"", "\"attack\"" => "\"attacks\"", "\"eps\"" => "\"epsilon\"", "\"method\": \"pgd\"" => "\"method\": \"Pgd\"",
            "\"CleanAccuracy\"" => "\"CleanAcuracy\"", _ => "\"lowerbound\"",
        };
        int at = Valid.IndexOf(token, StringComparison.Ordinal);
        string json = Valid[..at] + typo + Valid[(at + token.Length)..];
        var ex = Assert.Throws<PolicyException>(() => ValidationPolicy.Parse(json, "p.json"));
        Assert.Equal("p.json: " + message, ex.Message);
    }

    [Theory]
    [InlineData("""{ "checks": [] }""", "p.json: expected \"checks\": a non-empty array of checks, found none; a gate without checks would pass anything.")]
    [InlineData("""{ "limit": 10 }""", "p.json: expected \"checks\": a non-empty array of checks, found none; a gate without checks would pass anything.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy" } ] }""", "p.json: checks[0] ('CleanAccuracy'): expected \"min\" or \"max\", found neither; a check without a bound cannot fail.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": 0.5, "images": -5 } ] }""", "p.json: checks[0]: images: expected a whole number ≥ 1, found -5.")]
    [InlineData("""{ "limit": 0, "checks": [ { "kind": "CleanAccuracy", "min": 0.5 } ] }""", "p.json: limit: expected a whole number ≥ 1, found 0.")]
    [InlineData("""{ "checks": [ { "kind": "HighFrequencyReliance", "max": 0.1, "decision": "upper-bound" } ] }""", "p.json: checks[0] ('HighFrequencyReliance'): decision applies to accuracy checks (with an interval), not to HighFrequencyReliance.")]
    [InlineData("""{ "checks": [ { "kind": "SimBAMedianQueries", "min": 10, "attack": { "method": "pgd" } } ] }""", "p.json: checks[0] ('SimBAMedianQueries'): a SimBAMedianQueries check takes a simba or simba-dct attack, found pgd.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": "0.5" } ] }""", "p.json: checks[0]: min: expected a number, found \"0.5\".")]
    [InlineData("""{ "checks": [ { "kind": "AutoAttack", "min": 0.5, "attack": { "method": "pgd" } } ] }""", "p.json: checks[0] ('AutoAttack'): an AutoAttack check takes an autoattack attack (norm, eps, version, attacks), found pgd.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "fail-on-warnings": true, "attack": { "method": "simba" } } ] }""", "p.json: checks[0] ('RobustAccuracy'): fail-on-warnings applies to gradient attacks (the sanity checks look at the model's gradients), not to simba.")]
    [InlineData("""{ "checks": [ { "kind": "HighFrequencyReliance", "max": 0.5, "fail-on-warnings": true } ] }""", "p.json: checks[0] ('HighFrequencyReliance'): fail-on-warnings applies to AutoAttack and RobustAccuracy checks, not to HighFrequencyReliance.")]
    [InlineData("""{ "checks": [ { "kind": "AutoAttack", "min": 0.5, "fail-on-warnings": "yes" } ] }""", "p.json: checks[0]: fail-on-warnings: expected true or false, found \"yes\".")]
    [InlineData("""{ "checks": [ { "kind": "AutoAttack", "min": 0.5, "attack": { "method": "autoattack", "attacks": "apgd-ce,pgd" } } ] }""", "p.json: checks[0]: attack option \"attacks\": expected 'version' or a comma-separated list of apgd-ce, apgd-dlr, apgd-t, fab, fab-t, square, found 'pgd' in 'apgd-ce,pgd'.")]
    [InlineData("""{ "checks": [ { "kind": "LowPassAccuracy", "min": 0.5 } ] }""", "p.json: checks[0] ('LowPassAccuracy'): a LowPassAccuracy check needs \"radius\": the cut-off whose accuracy is gated, found none.")]
    [InlineData("""{ "checks": [ { "kind": "HeatMapMeanError", "max": 0.5, "radius": 4 } ] }""", "p.json: checks[0] ('HeatMapMeanError'): radius applies to LowPassAccuracy and HighPassAccuracy checks, not to HeatMapMeanError.")]
    [InlineData("""{ "checks": [ { "kind": "HeatMapMeanError", "max": 0.5, "diagnostic": { "method": "filtered-accuracy" } } ] }""", "p.json: checks[0] ('HeatMapMeanError'): a HeatMapMeanError check takes a fourier-heatmap diagnostic, found filtered-accuracy.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": 0.5, "diagnostic": { "method": "fourier-heatmap" } } ] }""", "p.json: checks[0] ('CleanAccuracy'): a CleanAccuracy check takes no diagnostic, found fourier-heatmap.")]
    [InlineData("""{ "checks": [ { "kind": "HeatMapMaxError", "max": 0.5, "diagnostic": { "method": "fourier-heatmap", "perturbation-nrom": 4 } } ] }""", "p.json: checks[0]: diagnostic option \"perturbation-nrom\": does not apply to fourier-heatmap (no method takes it); fourier-heatmap takes basis, perturbation-norm, seed, random-sign, clip, stride, max-radius, max-batch.")]
    [InlineData("""{ "checks": [ { "kind": "CorruptionAccuracy", "min": 0.5, "diagnostic": { "method": "corruption-accuracy", "corruptions": "fog,snow" } } ] }""", "p.json: checks[0]: diagnostic option \"corruptions\": expected 'all' or a comma-separated list of gaussian-noise, shot-noise, impulse-noise, speckle-noise, gaussian-blur, defocus-blur, zoom-blur, contrast, brightness, saturate, fog, pixelate, jpeg, found 'snow' in 'fog,snow'.")]
    [InlineData("""{ "checks": [ { "kind": "HighPassAccuracy", "min": 0.5, "radius": 8, "diagnostic": { "method": "filtered-accuracy", "radii": "4,8" } } ] }""", "p.json: checks[0] ('HighPassAccuracy'): diagnostic radii '4,8' differ from the check's radius 8: the check gates one radius; leave radii out of the diagnostic.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "targeted": true } } ] }""", "p.json: checks[0] ('RobustAccuracy'): attack option \"targeted\": a check attacks the true labels (robust accuracy, queries to a misclassification); a targeted attack would take them as targets to reach.")]
    [InlineData("""{ "checks": [ { "kind": "SimBAMedianQueries", "min": 10, "attack": { "method": "simba", "targeted": true } } ] }""", "p.json: checks[0] ('SimBAMedianQueries'): attack option \"targeted\": a check attacks the true labels (robust accuracy, queries to a misclassification); a targeted attack would take them as targets to reach.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "eps": 0 } } ] }""", "p.json: checks[0]: attack option \"eps\": expected a finite value > 0, found 0: a zero budget leaves every image as it is, so robust accuracy would be clean accuracy.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": 85 } ] }""", "p.json: checks[0] ('CleanAccuracy'): min: expected a bound in [0, 1] (a CleanAccuracy check measures a share), found 85.")]
    [InlineData("""{ "checks": [ { "kind": "HighFrequencyReliance", "max": 10 } ] }""", "p.json: checks[0] ('HighFrequencyReliance'): max: expected a bound in [0, 1] (a HighFrequencyReliance check measures a share), found 10.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0 } ] }""", "p.json: checks[0] ('RobustAccuracy'): min 0 holds for every value a RobustAccuracy check can measure: the check cannot fail.")]
    [InlineData("""{ "checks": [ { "kind": "HeatMapMaxError", "min": 0, "max": 1 } ] }""", "p.json: checks[0] ('HeatMapMaxError'): min 0 and max 1 holds for every value a HeatMapMaxError check can measure: the check cannot fail.")]
    [InlineData("""{ "checks": [ { "kind": "SimBAMedianQueries", "min": 0 } ] }""", "p.json: checks[0] ('SimBAMedianQueries'): min 0 holds for every value a SimBAMedianQueries check can measure: the check cannot fail.")]
    [InlineData("""{ "checks": [ { "kind": "SimBAMedianQueries", "max": -1 } ] }""", "p.json: checks[0] ('SimBAMedianQueries'): max: expected a bound ≥ 0 (a query count), found -1.")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": 0.8, "min": 0.2 } ] }""", "p.json: checks[0]: key \"min\": expected once, found 2 times.")]
    [InlineData("""{ "limit": 10, "limit": 1000, "checks": [ { "kind": "CleanAccuracy", "min": 0.8 } ] }""", "p.json: the policy: key \"limit\": expected once, found 2 times.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "eps": 0.3, "eps": 0.01 } } ] }""", "p.json: checks[0]: attack option \"eps\": expected once, found 2 times in the same object.")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "eps": "0.1" } } ] }""", "p.json: checks[0]: attack option \"eps\": expected a number, found \"0.1\".")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "random-start": "false" } } ] }""", "p.json: checks[0]: attack option \"random-start\": expected true or false, found \"false\".")]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "pgd", "eps": 1.5 } } ] }""", "p.json: checks[0]: attack option \"eps\": expected an L∞ budget below 1 on [0, 1] pixels, found 1.5: every image lies inside that ball (8/255 ≈ 0.031 is the usual CIFAR-10 budget).")]
    [InlineData("""{ "checks": [ { "kind": "CleanAccuracy", "min": 0.5, "max": 1e400 } ] }""", "p.json: checks[0]: max: expected a number, found 1e400.")]
    public void PoliciesThatCannotGateAreErrors(string json, string message) =>
        Assert.Equal(message, Assert.Throws<PolicyException>(() => ValidationPolicy.Parse(json, "p.json")).Message);

    [Theory]
    [InlineData("LowPassAccuracy", 40, "fourier", "p.json: checks[0] ('LowPassAccuracy'): radius: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 40: the high-pass image would be blank and the low-pass one the image itself.")]
    [InlineData("HighPassAccuracy", 0, "fourier", "p.json: checks[0] ('HighPassAccuracy'): radius: expected a cut-off in (0, 19.8] for the model's 28×28 images in the fourier basis, found 0: the low-pass image would be blank and the high-pass one the image itself.")]
    [InlineData("HighPassAccuracy", 55, "dct", "p.json: checks[0] ('HighPassAccuracy'): radius: expected a cut-off in (0, 54] for the model's 28×28 images in the dct basis, found 55: the high-pass image would be blank and the low-pass one the image itself.")]
    [InlineData("LowPassAccuracy", 54, "dct", null)]
    [InlineData("LowPassAccuracy", 19.79, "fourier", null)]
    public void ACutOffThatSplitsNothingOffIsAnError(string kind, double radius, string basis, string? message)
    {
        var policy = ValidationPolicy.Parse(
            $$"""{ "checks": [ { "kind": "{{kind}}", "min": 0.5, "radius": {{radius.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "diagnostic": { "method": "filtered-accuracy", "basis": "{{basis}}" } } ] }""", "p.json");
        if (message is null)
        {
            policy.CheckAgainstData(1000, 28, 28, "p.json");
            return;
        }

        Assert.Equal(message, Assert.Throws<PolicyException>(() => policy.CheckAgainstData(1000, 28, 28, "p.json")).Message);
    }

    [Fact]
    public void ACheckThatAsksForMoreImagesThanAreReadIsAnError()
    {
        var policy = ValidationPolicy.Parse("""{ "limit": 100, "checks": [ { "name": "clean", "kind": "CleanAccuracy", "min": 0.5, "images": 100 } ] }""", "p.json");
        policy.CheckAgainstData(100, 28, 28, "p.json");
        Assert.Equal("p.json: checks[0] ('clean'): images: expected at most the 60 images read from the data, found 100: the check would measure fewer images than it names.",
            Assert.Throws<PolicyException>(() => policy.CheckAgainstData(60, 28, 28, "p.json")).Message);
        Assert.Equal("p.json: checks[0] ('clean'): images: expected at most the policy's limit of 50 images read, found 100: the check would measure fewer images than it names.",
            Assert.Throws<PolicyException>(() => ValidationPolicy.Parse("""{ "limit": 50, "checks": [ { "name": "clean", "kind": "CleanAccuracy", "min": 0.5, "images": 100 } ] }""", "p.json")).Message);
        var g = new TestGraph(1, 2, 2);
        using var model = ModelSession.Create(g.Output(g.Node("Flatten", [g.X])), "identity-logits");
        var ex = Assert.Throws<PolicyException>(() => ModelValidator.Run(model, new float[3 * 4], [0, 1, 0], policy));
        Assert.Contains("expected at most the 3 images read from the data, found 100", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The policy a report records (<see cref="ValidationPolicy.ToJson"/>) loads as a policy and means the same.</summary>
    [Fact]
    public void ThePolicyAReportRecordsLoadsAsThePolicy()
    {
        string path = Path.Combine(RepoPaths.Root, "samples", "policies", "fmnist-gate.json");
        var policy = ValidationPolicy.Load(path);
        string written = policy.ToJson();
        var again = ValidationPolicy.Parse(written, "report.json");
        Assert.Equal(written, again.ToJson());
        Assert.Equal(policy.Limit, again.Limit);
        Assert.Equal(policy.Checks.Count, again.Checks.Count);
        for (int i = 0; i < policy.Checks.Count; i++)
        {
            var (a, b) = (policy.Checks[i], again.Checks[i]);
            Assert.Equal((a.Name, a.Kind, a.Min, a.Max, a.Images, a.Decision, a.FailOnWarnings, a.Radius), (b.Name, b.Kind, b.Min, b.Max, b.Images, b.Decision, b.FailOnWarnings, b.Radius));
            Assert.Equal(a.Attack, b.Attack);
            Assert.Equal(a.Diagnostic, b.Diagnostic);
        }

        var report = new ValidationReport([], null);
        using var doc = System.Text.Json.JsonDocument.Parse(ValidationDocument.ToJson(report, new ValidationProvenance("m.onnx", "00", "x.npy", 1, "00", policy)));
        Assert.Equal(written, ValidationPolicy.Parse(doc.RootElement.GetProperty("provenance").GetProperty("policy").GetRawText(), "report.json").ToJson());
    }

    /// <summary>
    /// The C# gate checks its data as the command line does: a label the model does not know, 0–255 pixels, images
    /// fewer than labels and a NaN bound are errors that say so, not measurements.
    /// </summary>
    [Fact]
    public void TheCSharpGateChecksItsDataAndBoundsAsTheCommandLineDoes()
    {
        var g = new TestGraph(1, 2, 2);
        using var model = ModelSession.Create(g.Output(g.Node("Flatten", [g.X])), "identity-logits");
        var policy = ValidationPolicy.Parse("""{ "checks": [ { "name": "clean", "kind": "CleanAccuracy", "min": 0.5 } ] }""", "p.json");
        float[] two = [0.1f, 0.9f, 0.2f, 0.3f, 0.5f, 0.4f, 0.3f, 0.2f];
        Assert.Equal("Label 12 at row 1 is outside the model's classes 0…3.",
            Assert.Throws<ArgumentOutOfRangeException>(() => ModelValidator.Run(model, two, [1, 12], policy)).Message.Split(" (Parameter")[0]);
        Assert.StartsWith("Expected pixel values in [0, 1], found 25.5 in image 0 at offset 0.",
            Assert.Throws<ArgumentException>(() => ModelValidator.Run(model, two.Select(v => v * 255).ToArray(), [1, 0], policy)).Message, StringComparison.Ordinal);
        Assert.StartsWith("Expected 3 images (one per label) of [1,2,2] = 12 values, found 8.",
            Assert.Throws<ArgumentException>(() => ModelValidator.Run(model, two, [1, 0, 2], policy)).Message, StringComparison.Ordinal);
        Assert.StartsWith("Expected pixel values in [0, 1], found NaN",
            Assert.Throws<ArgumentException>(() => ModelValidator.Run(model, two.Select((v, i) => i == 3 ? float.NaN : v).ToArray(), [1, 0], policy)).Message, StringComparison.Ordinal);
        var nan = policy with { Checks = [policy.Checks[0] with { Min = double.NaN, Max = 0.99 }] };
        Assert.EndsWith("checks[0] ('clean'): min: expected a bound in [0, 1] (a CleanAccuracy check measures a share), found NaN.",
            Assert.Throws<PolicyException>(() => ModelValidator.Run(model, two, [1, 0], nan)).Message, StringComparison.Ordinal);
        Assert.True(ModelValidator.Run(model, two, [1, 0], policy).Passed);
    }

    [Fact]
    public void TheValidatorFailsClosedAndAppliesTheDecisionRule()
    {
        var g = new TestGraph(1, 2, 2);
        using var model = ModelSession.Create(g.Output(g.Node("Flatten", [g.X])), "identity-logits");
        Assert.Throws<PolicyException>(() => ModelValidator.Run(model, new float[4], [0], new ValidationPolicy()));

        // 200 images, 90 correct (45 %): logits = the image; image i is "right" when its pixel at its label is largest.
        int n = 200;
        var x = new float[n * 4];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 4;
            x[i * 4 + (i < 90 ? y[i] : (y[i] + 1) % 4)] = 1;
        }

        double Accuracy(CheckDecision decision, out bool passed)
        {
            var check = new ValidationCheck { Name = "clean", Kind = CheckKind.CleanAccuracy, Min = 0.5, Decision = decision };
            var result = ModelValidator.Run(model, x, y, new ValidationPolicy { Checks = [check], Limit = n }).Checks.Single();
            passed = result.Passed;
            return result.Value;
        }

        Assert.Equal(0.45, Accuracy(CheckDecision.Estimate, out bool estimate), 12);
        Assert.False(estimate, "45 % on 200 images does not meet a 50 % bar by the estimate");
        Accuracy(CheckDecision.LowerBound, out bool lower);
        Assert.False(lower);
        Accuracy(CheckDecision.UpperBound, out bool upper);
        Assert.True(upper, "the Wilson interval of 90/200 reaches above 0.5 (upper end ≈ 0.519)");
    }

    [Fact]
    public void FrequencyDiagnosticChecksGateOnTheLibrarysNumbers()
    {
        using var model = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx"));
        var data = Data.Formats.DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 40);
        var policy = ValidationPolicy.Parse("""
            { "limit": 40, "checks": [
              { "kind": "HeatMapMeanError", "max": 0.99, "diagnostic": { "method": "fourier-heatmap", "perturbation-norm": 2, "seed": 1 } },
              { "kind": "HeatMapMaxError", "max": 0.01 },
              { "kind": "LowPassAccuracy", "min": 0.2, "radius": 8, "decision": "lower-bound" },
              { "kind": "HighPassAccuracy", "max": 0.5, "radius": 12, "diagnostic": { "method": "filtered-accuracy", "basis": "dct" } },
              { "kind": "CorruptionAccuracy", "min": 0.3, "diagnostic": { "method": "corruption-accuracy", "corruptions": "gaussian-noise,contrast", "severities": "1,3" } },
              { "kind": "WorstCorruptionGroupAccuracy", "min": 0.3, "diagnostic": { "method": "corruption-accuracy", "corruptions": "gaussian-noise,contrast", "severities": "1,3" } }
            ] }
            """, "p.json");
        var report = ModelValidator.Run(model, data.Images.Data, data.Labels, policy);
        var map = new FourierHeatMap(model, new FourierHeatMapOptions { PerturbationNorm = 2, Seed = 1 }).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(map.MeanError, report.Checks[0].Value, 12);
        Assert.True(report.Checks[0].Passed);
        Assert.Equal(new FourierHeatMap(model).Evaluate(data.Images.Data, data.Labels).MaxError, report.Checks[1].Value, 12);
        Assert.False(report.Checks[1].Passed, "a 1 % cap on the worst frequency's error fails at v = 4");
        var low = new FilteredAccuracy(model, new FilteredAccuracyOptions { Radii = RadiusList.Parse("8") }).Evaluate(data.Images.Data, data.Labels).Points[0];
        Assert.Equal(low.LowAccuracy, report.Checks[2].Value, 12);
        Assert.NotNull(report.Checks[2].Lower);
        var high = new FilteredAccuracy(model, new FilteredAccuracyOptions { Basis = SpectralBasis.Dct, Radii = RadiusList.Parse("12") }).Evaluate(data.Images.Data, data.Labels).Points[0];
        Assert.Equal(high.HighAccuracy, report.Checks[3].Value, 12);
        var table = new CorruptionAccuracy(model, new CorruptionAccuracyOptions { Corruptions = CorruptionList.Parse("gaussian-noise,contrast"), Severities = SeverityList.Parse("1,3") }).Evaluate(data.Images.Data, data.Labels);
        Assert.Equal(table.MeanAccuracy, report.Checks[4].Value, 12);
        Assert.Equal(table.WorstGroup.MeanAccuracy, report.Checks[5].Value, 12);
    }

    [Fact]
    public void ARobustAccuracyCheckUnderAGradientAttackCarriesTheSanityWarnings()
    {
        // Softmax outputs: PGD's number rests on flattened gradients, so the check says so and can fail on it.
        var g = new TestGraph(1, 2, 2);
        using var model = ModelSession.Create(g.Output(g.Node("Softmax", [g.Node("Flatten", [g.X])], Onnx.Graph.Nodes.Int("axis", 1))), "softmax");
        float[] x = [0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f];
        var policy = ValidationPolicy.Parse("""
            { "checks": [ { "name": "pgd", "kind": "RobustAccuracy", "min": 0.5, "fail-on-warnings": true,
                            "attack": { "method": "pgd", "eps": 0.01, "alpha": 0.005, "steps": 2 } } ] }
            """, "p.json");
        var report = ModelValidator.Run(model, x, [0, 1], policy);
        var result = report.Checks.Single();
        Assert.Equal(1.0, result.Value);
        Assert.Contains(result.Warnings!, w => w.Contains("probabilities", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings!, w => w.Contains("Square", StringComparison.Ordinal));
        Assert.False(result.Passed);
        Assert.Contains("failed on", result.Detail, StringComparison.Ordinal);
        string md = ValidationDocument.Markdown("softmax.onnx", report, null);
        Assert.Contains("## pgd: sanity warnings", md, StringComparison.Ordinal);
        Assert.Contains("Warning: the model's outputs look like probabilities", md, StringComparison.Ordinal);
        Assert.True(ModelValidator.Run(model, x, [0, 1], policy with { Checks = [policy.Checks[0] with { FailOnWarnings = false }] }).Passed);

        // Score-based attacks do not differentiate the model: no sanity checks (and none to fail on).
        var simba = ValidationPolicy.Parse("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.5, "attack": { "method": "simba", "eps": 0.01, "max-queries": 4 } } ] }""", "p.json");
        Assert.Null(ModelValidator.Run(model, x, [0, 1], simba).Checks.Single().Warnings);

        // In a cluster only the part starting at the first image runs the checks; the merge keeps its warnings.
        CheckMeasurement[] parts = [new() { Images = 2, Successes = 1, Warnings = ["w"] }, new() { Images = 3, Successes = 2 }];
        Assert.Equal(["w"], CheckMeasurement.Merge(parts).Warnings!);
    }

    [Fact]
    public void AnAutoAttackCheckGatesOnTheEnsembleAndCanFailOnItsWarnings()
    {
        const string json = """
            { "checks": [ { "name": "aa", "kind": "AutoAttack", "min": 0.0, "fail-on-warnings": true,
                            "attack": { "method": "autoattack", "eps": 0.01, "attacks": "apgd-ce" } } ] }
            """;
        var policy = ValidationPolicy.Parse(json, "aa.json");
        Assert.Equal(new AutoAttackOptions { Eps = 0.01, Attacks = AttackList.Parse("apgd-ce") }, policy.Checks[0].Attack);
        // Softmax outputs: the sanity check warns, and the check fails although its bound (≥ 0) is met.
        var g = new TestGraph(1, 2, 2);
        using var model = ModelSession.Create(g.Output(g.Node("Softmax", [g.Node("Flatten", [g.X])], Onnx.Graph.Nodes.Int("axis", 1))), "softmax");
        float[] x = [0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f];
        var result = ModelValidator.Run(model, x, [0, 1], policy).Checks.Single();
        Assert.Equal(["clean", "apgd-ce"], new[] { "clean" }.Concat(result.Log!.Select(s => s.Attack)));
        Assert.Contains(result.Warnings!, w => w.Contains("probabilities", StringComparison.Ordinal));
        Assert.False(result.Passed);
        Assert.Equal(1.0, result.Value);
        string md = ValidationDocument.Markdown("softmax.onnx", new ValidationReport([result], null), null);
        Assert.Contains("## aa: robust accuracy after each attack", md, StringComparison.Ordinal);
        Assert.Contains("Warning: the model's outputs look like probabilities", md, StringComparison.Ordinal);
        Assert.True(ModelValidator.Run(model, x, [0, 1], policy with { Checks = [policy.Checks[0] with { FailOnWarnings = false, Min = 1.0 }] }).Passed);
        // Without its warnings, a bound of 0 could not fail the check: refused.
        Assert.Throws<PolicyException>(() => ModelValidator.Run(model, x, [0, 1], policy with { Checks = [policy.Checks[0] with { FailOnWarnings = false }] }));
    }
}
