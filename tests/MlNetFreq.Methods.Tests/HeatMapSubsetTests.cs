using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// A heat map on a frequency subset (stride, radius): the measured cells are the full map's cells, exactly (the signs
/// depend only on seed, image and frequency); the others are NaN; the passes are the measured cells' only.
/// </summary>
public sealed class HeatMapSubsetTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");

    [Theory]
    [InlineData(SpectralBasis.Dct, 4, 10.0, 8)]     // (u, v) in {0, 4, 8}² with u² + v² ≤ 100: all but (8, 8)
    [InlineData(SpectralBasis.Fourier, 7, null, -1)] // counted below from the basis's own centred coordinates (a, b)
    public void MeasuredCellsEqualTheFullMapAndTheRestAreNaN(SpectralBasis basis, int stride, double? radius, int expectedCells)
    {
        var data = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 3);
        using var session = ModelSession.Load(Model);
        var options = new FourierHeatMapOptions { Basis = basis, Seed = 5 };
        var full = new FourierHeatMap(session, options).Evaluate(data.Images.Data, data.Labels);
        long before = session.Passes.Forward;
        var subsetMap = new FourierHeatMap(session, options with { Stride = stride, MaxRadius = radius });
        var subset = subsetMap.Evaluate(data.Images.Data, data.Labels);
        long passes = session.Passes.Forward - before;

        double[] all = full.Error, some = subset.Error;
        int measured = 0;
        for (int cell = 0; cell < all.Length; cell++)
        {
            if (subset.IsMeasured(cell))
            {
                measured++;
                Assert.Equal(all[cell], some[cell]);
            }
            else
            {
                Assert.True(double.IsNaN(some[cell]), $"cell {cell} was not measured but holds {some[cell]}");
            }
        }

        if (expectedCells < 0)
        {
            var fourier = subsetMap.Basis!;
            expectedCells = Enumerable.Range(0, fourier.MapHeight * fourier.MapWidth).Count(c => fourier.FrequencyOf(c) is var (a, b) && a % stride == 0 && b % stride == 0);
        }

        Assert.Equal(expectedCells, measured);
        // One forward pass per image for the clean images and one per image per distinct measured basis image.
        Assert.Equal(3 + 3 * subsetMap.MeasuredDistinct.Length, passes);
        Assert.True(subsetMap.MeasuredDistinct.Length < subsetMap.DistinctCount / 4);
        Assert.Equal(some.Where(e => !double.IsNaN(e)).Average(), subset.MeanError, 15);
    }

    [Theory]
    [InlineData(28, 1)]   // 784 ≤ 2,000: the whole map, as before
    [InlineData(44, 1)]   // 1,936
    [InlineData(45, 2)]   // 2,025 > 2,000; ⌈45/2⌉² = 529
    [InlineData(224, 6)]  // ⌈224/5⌉² = 2,025 > 2,000; ⌈224/6⌉² = 1,444
    public void TheDefaultStrideKeepsADctMapWithinItsBudget(int size, int expected)
    {
        Assert.Equal(expected, FourierHeatMap.AutoStride(null, size, size, new FourierHeatMapOptions()));
    }

    [Fact]
    public void TheDefaultStrideKeepsAFourierMapWithinItsBudgetAndNoSmallerOneDoes()
    {
        var basis = new Spectral.Fourier.FourierBasis(224, 224);
        var options = new FourierHeatMapOptions();
        int stride = FourierHeatMap.AutoStride(basis, 224, 224, options);
        int Count(int s) => Enumerable.Range(0, basis.DistinctCount).Count(f => basis.FrequencyOf(basis.CellOfDistinct(f)) is var (a, b) && a % s == 0 && b % s == 0);
        Assert.InRange(Count(stride), 1, FourierHeatMapOptions.AutoStrideBudget);
        Assert.True(Count(stride - 1) > FourierHeatMapOptions.AutoStrideBudget, $"stride {stride - 1} already fits: {Count(stride - 1)}");
        Assert.Equal(1, FourierHeatMap.AutoStride(new Spectral.Fourier.FourierBasis(32, 32), 32, 32, options)); // CIFAR-10 maps stay whole
    }

    [Fact]
    public void AStrideOrRadiusThatCannotBeMeantIsRefusedNamingIt()
    {
        Assert.Equal("stride", Assert.Throws<Descriptors.MethodOptionException>(() => new FourierHeatMapOptions { Stride = 0 }.Validate()).Option);
        Assert.Equal("max-radius", Assert.Throws<Descriptors.MethodOptionException>(() => new FourierHeatMapOptions { MaxRadius = 0 }.Validate()).Option);
    }
}
