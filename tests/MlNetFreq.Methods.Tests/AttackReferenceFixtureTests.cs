using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// CW-L2, low-frequency PGD and SimBA-DCT against independent PyTorch implementations written from the papers
/// (tests/fixtures/make_attack_reference_fixtures.py), on the shipped L∞ 0.1 ResNet-8 and the first 8 sample images.
/// </summary>
public sealed class AttackReferenceFixtureTests : IDisposable
{
    private readonly ModelSession _model = ModelSession.Load(Path.Combine(RepoPaths.Models, "fmnist-resnet8-linf-0.1.onnx"));
    private readonly Data.Tensors.LabeledImages _data = DataSources.Load(
        Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 8);

    public void Dispose() => _model.Dispose();

    private static string Fixture(string name) => Path.Combine(RepoPaths.Fixtures, "attacks-reference", name);

    // Share of pixels within the tolerance and the mean difference, as PgdFixtureTests: float32 differences between
    // ONNX Runtime and PyTorch move iterates slightly; a pixel that reaches the [0, 1] clip in one and not the other follows
    // another path.
    private static void AssertClose(float[] ours, string fixture, double tolerance, double share)
    {
        float[] torch = NpyFile.ReadImages(Fixture(fixture)).Data;
        Assert.Equal(torch.Length, ours.Length);
        int close = Enumerable.Range(0, ours.Length).Count(j => Math.Abs(ours[j] - torch[j]) <= tolerance);
        double mean = Enumerable.Range(0, ours.Length).Average(j => Math.Abs(ours[j] - torch[j]));
        Assert.True(close >= share * ours.Length, $"{fixture}: {ours.Length - close} of {ours.Length} pixels differ by more than {tolerance} (mean |difference| {mean:E2})");
        Assert.True(mean < 1e-3, $"{fixture}: mean |difference| {mean:E2}");
    }

    [Fact]
    public void CarliniWagnerMatchesThePyTorchReference()
    {
        var options = new CarliniWagnerL2Options { C = 10, Steps = 20, Lr = 0.05, BinarySearchSteps = 2, AbortEarly = false };
        AssertClose(options.Create(_model).Run(_data.Images.Data, _data.Labels).Adversarial, "cw.npy", 1e-3, 0.99);
    }

    [Fact]
    public void LowFrequencyPgdMatchesThePyTorchReference()
    {
        var options = new LowFrequencyPgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 5, Ratio = 0.25, RandomStart = false };
        AssertClose(options.Create(_model).Run(_data.Images.Data, _data.Labels).Adversarial, "lowfreq-pgd.npy", 1e-4, 0.995);
    }

    [Fact]
    public void SimbaDctMatchesThePyTorchReferenceInTheSameOrder()
    {
        int[] order = [.. NpyFile.Read(Fixture("simba-dct.order.npy")).ToInt64().Select(v => (int)v)];
        var simba = new SimBA(_model, new SimBADctOptions { Eps = 0.2, MaxQueries = 100, FreqDims = 14 }) { FixedOrder = order };
        var result = simba.Run(_data.Images.Data, _data.Labels);
        Assert.Equal(NpyFile.Read(Fixture("simba-dct.queries.npy")).ToInt64().Select(v => (int)v), result.Iterations);
        AssertClose(result.Adversarial, "simba-dct.npy", 1e-5, 1.0);
    }
}
