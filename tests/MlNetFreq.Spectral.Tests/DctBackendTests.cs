using CsCheck;
using MlNetFreq.Data.Formats;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Tests;

public sealed class DctBackendTests : IClassFixture<DctBackendTests.Backends>
{
    private readonly Backends _b;

    public DctBackendTests(Backends backends) => _b = backends;

    public sealed class Backends : IDisposable
    {
        public ManagedDctBackend Managed { get; } = new();

        public IlgpuDctBackend Ilgpu { get; } = IlgpuDctBackend.CreateOnCpu();

        public void Dispose()
        {
            Managed.Dispose();
            Ilgpu.Dispose();
        }
    }

    public static TheoryData<string> FixtureNames => new()
    {
        "cifar_2x3x32x32", "fmnist_1x1x28x28", "odd_3x2x7x5", "single_1x1x1x1", "row_1x3x1x9", "tall_2x1x17x64",
    };

    private static (float[] X, ImageBatchShape Shape) LoadInput(string name)
    {
        NpyArray a = NpyFile.Read(Path.Combine(RepoPaths.Fixtures, "dct", name + ".input.npy"));
        return (a.ToSingle(), new ImageBatchShape(a.Shape[0], a.Shape[1], a.Shape[2], a.Shape[3]));
    }

    private static double[] LoadReference(string name, string which)
    {
        NpyArray a = NpyFile.Read(Path.Combine(RepoPaths.Fixtures, "dct", $"{name}.{which}.npy"));
        Assert.Equal("f8", a.DType);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(a.Bytes).ToArray();
    }

    private IDctBackend Get(string backend) => backend == "managed" ? _b.Managed : _b.Ilgpu;

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void ForwardAndInverseMatchScipy(string name)
    {
        var (x, shape) = LoadInput(name);
        foreach (string backend in new[] { "managed", "ilgpu" })
        {
            var y = new float[x.Length];
            Get(backend).Transform(x, y, shape, DctDirection.Forward);
            TestArrays.AssertClose(LoadReference(name, "forward"), y, atol: 1e-5, rtol: 1e-6, what: $"{backend} dctn {name}");
            Get(backend).Transform(x, y, shape, DctDirection.Inverse);
            TestArrays.AssertClose(LoadReference(name, "inverse"), y, atol: 1e-5, rtol: 1e-6, what: $"{backend} idctn {name}");
        }
    }

    [Fact]
    public void MatchesNaiveDefinitionOnRandomSizes()
    {
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 19], Gen.Int[1, 19], Gen.Bool).Sample((n, c, h, w, inverse) =>
        {
            var shape = new ImageBatchShape(n, c, h, w);
            float[] x = TestArrays.Uniform((int)shape.Length, seed: h * 31 + w, lo: -1, hi: 1);
            var y = new float[x.Length];
            var dir = inverse ? DctDirection.Inverse : DctDirection.Forward;
            _b.Managed.Transform(x, y, shape, dir);
            TestArrays.AssertClose(NaiveDct.Transform(x, shape.Planes, h, w, inverse), y, atol: 1e-5, what: $"{shape} {dir}");
        }, iter: 60);
    }

    [Theory]
    [InlineData(28, 28)]
    [InlineData(30, 30)]
    [InlineData(37, 45)]
    [InlineData(33, 70)]
    [InlineData(5, 67)]
    [InlineData(26, 53)]
    public void WidthsThatAreNoMultipleOfTheVectorMatchTheNaiveDefinition(int h, int w)
    {
        // The last vector of a row overlaps the previous ones (no scalar tail): every column must still be exact.
        var shape = new ImageBatchShape(2, 2, h, w);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: h + w, lo: -1, hi: 1);
        foreach (var dir in new[] { DctDirection.Forward, DctDirection.Inverse })
        {
            var y = new float[x.Length];
            _b.Managed.Transform(x, y, shape, dir);
            TestArrays.AssertClose(NaiveDct.Transform(x, shape.Planes, h, w, dir == DctDirection.Inverse), y, atol: 2e-5, what: $"{shape} {dir}");
        }
    }

    [Theory]
    [InlineData(40, 40)]
    [InlineData(48, 48)]
    [InlineData(64, 64)]
    [InlineData(60, 90)]
    [InlineData(56, 112)]
    [InlineData(100, 70)]
    [InlineData(224, 224)]
    [InlineData(81, 50)]
    [InlineData(167, 64)]  // a prime side: Bluestein
    [InlineData(176, 152)] // radices 11 and 19
    [InlineData(223, 211)] // two primes
    [InlineData(116, 162)] // radix 29; 81 = 3⁴
    [InlineData(146, 202)] // radices 73 and 101 beside a 2
    public void LargePlanesTakeTheFftFormAndMatchTheNaiveDefinition(int h, int w)
    {
        // From FftDctPlan.MinSide on, O(n log n) passes: mixed radix for prime factors up to 61, Bluestein for larger ones.
        Assert.NotNull(FftDctPlan.TryCreate(h, w, DctDirection.Forward));
        var shape = new ImageBatchShape(1, 2, h, w);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: h * 7 + w, lo: -1, hi: 1);
        foreach (var dir in new[] { DctDirection.Forward, DctDirection.Inverse })
        {
            var y = new float[x.Length];
            _b.Managed.Transform(x, y, shape, dir);
            TestArrays.AssertClose(SeparableReference(x, shape.Planes, h, w, dir == DctDirection.Inverse), y, atol: 2e-5, what: $"{shape} {dir}");
        }
    }

    // The matrix form in double precision, D_H·X·D_Wᵀ (or its transpose's inverse), from the cosine definition: an
    // independent reference for the FFT form that stays O(n³) (the naive O(n⁴) sum takes minutes at 224×224).
    private static double[] SeparableReference(float[] x, int planes, int h, int w, bool inverse)
    {
        double[] dh = DctBasis.Create(h), dw = DctBasis.Create(w);
        var result = new double[x.Length];
        var z = new double[h * w];
        for (int p = 0; p < planes; p++)
        {
            int o = p * h * w;
            Array.Clear(z);
            for (int i = 0; i < h; i++)
            {
                for (int k = 0; k < h; k++)
                {
                    double a = inverse ? dh[k * h + i] : dh[i * h + k]; // z[i,:] = Σ_k L[i,k] x[k,:]
                    for (int j = 0; j < w; j++)
                    {
                        z[i * w + j] += a * x[o + k * w + j];
                    }
                }
            }

            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < w; k++)
                    {
                        sum += z[i * w + k] * (inverse ? dw[k * w + j] : dw[j * w + k]); // y[i,j] = Σ_k z[i,k] R[k,j]
                    }

                    result[o + i * w + j] = sum;
                }
            }
        }

        return result;
    }

    [Theory]
    [InlineData(39, 64)]
    [InlineData(64, 39)]
    [InlineData(67, 64)]   // a prime side above MaxRadix, below MinBluesteinLength
    public void OtherPlanesKeepTheMatrixForm(int h, int w) => Assert.Null(FftDctPlan.TryCreate(h, w, DctDirection.Forward));

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(97)]
    [InlineData(224)]
    [InlineData(62)]
    [InlineData(45)]   // radices 5, 3, 3
    [InlineData(50)]   // radices 5, 5, 2
    public void LaneDftsMatchTheDefinitionOfTheDft(int n)
    {
        // Against X_k = Σ_t x_t e^{−2πi tk/n} in double, lane by lane (each lane its own sequence).
        ILaneDft dft = (ILaneDft?)LaneFft.TryCreate(n) ?? new BluesteinDft(n);
        int lanes = System.Numerics.Vector<float>.Count;
        float[] re = TestArrays.Uniform(n * lanes, seed: n, lo: -1, hi: 1), im = TestArrays.Uniform(n * lanes, seed: n + 1, lo: -1, hi: 1);
        var inRe = new System.Numerics.Vector<float>[n];
        var inIm = new System.Numerics.Vector<float>[n];
        for (int t = 0; t < n; t++)
        {
            inRe[t] = new System.Numerics.Vector<float>(re, t * lanes);
            inIm[t] = new System.Numerics.Vector<float>(im, t * lanes);
        }

        var outRe = new System.Numerics.Vector<float>[n];
        var outIm = new System.Numerics.Vector<float>[n];
        dft.Forward(inRe, inIm, outRe, outIm, new System.Numerics.Vector<float>[dft.ScratchVectors]);
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < lanes; l++)
            {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++)
                {
                    double a = -2 * Math.PI * ((long)t * k % n) / n;
                    sr += re[t * lanes + l] * Math.Cos(a) - im[t * lanes + l] * Math.Sin(a);
                    si += re[t * lanes + l] * Math.Sin(a) + im[t * lanes + l] * Math.Cos(a);
                }

                Assert.Equal(sr, outRe[k][l], 1e-4 * Math.Sqrt(n));
                Assert.Equal(si, outIm[k][l], 1e-4 * Math.Sqrt(n));
            }
        }

        Assert.Equal(n is not 97, dft is LaneFft);
    }

    [Fact]
    public void IlgpuAgreesWithManagedOnABatch()
    {
        var shape = new ImageBatchShape(8, 3, 32, 32);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: 7);
        var managed = new float[x.Length];
        var ilgpu = new float[x.Length];
        _b.Managed.Transform(x, managed, shape, DctDirection.Forward);
        _b.Ilgpu.Transform(x, ilgpu, shape, DctDirection.Forward);
        TestArrays.AssertClose(managed, ilgpu, atol: 1e-5);
        Assert.StartsWith("ilgpu-", _b.Ilgpu.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void InverseUndoesForwardAndPreservesEnergy()
    {
        var shape = new ImageBatchShape(4, 3, 31, 24);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: 11);
        var spectrum = new float[x.Length];
        var back = new float[x.Length];
        _b.Managed.Transform(x, spectrum, shape, DctDirection.Forward);
        _b.Managed.Transform(spectrum, back, shape, DctDirection.Inverse);
        TestArrays.AssertClose(x, back, atol: 2e-6);

        // Parseval: the orthonormal transform preserves the sum of squares of every plane.
        for (int p = 0; p < shape.Planes; p++)
        {
            double ex = 0, es = 0;
            for (int i = p * shape.PlaneLength; i < (p + 1) * shape.PlaneLength; i++)
            {
                ex += (double)x[i] * x[i];
                es += (double)spectrum[i] * spectrum[i];
            }

            Assert.Equal(ex, es, ex * 1e-6);
        }
    }

    [Fact]
    public void TransformsInPlace()
    {
        var shape = new ImageBatchShape(2, 1, 9, 13);
        float[] x = TestArrays.Uniform((int)shape.Length, seed: 3);
        var expected = new float[x.Length];
        _b.Managed.Transform(x, expected, shape, DctDirection.Forward);
        _b.Managed.Transform(x, x, shape, DctDirection.Forward);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void ConstantImageHasOnlyADcCoefficient()
    {
        // Closed form: a constant plane c of H×W pixels has X(0,0) = c·√(HW) and every other coefficient 0.
        var shape = new ImageBatchShape(1, 1, 6, 10);
        var x = Enumerable.Repeat(0.5f, 60).ToArray();
        var y = new float[60];
        _b.Managed.Transform(x, y, shape, DctDirection.Forward);
        Assert.Equal(0.5 * Math.Sqrt(60), y[0], 1e-5);
        Assert.All(y.Skip(1), v => Assert.True(Math.Abs(v) < 1e-6, $"non-DC coefficient {v}"));
    }

    [Theory]
    [InlineData(1, 1, 0, 4)]
    [InlineData(1, 1, 4, 0)]
    [InlineData(1, 0, 4, 4)]
    [InlineData(-1, 1, 4, 4)]
    public void RejectsEmptyOrNegativeShapes(int n, int c, int h, int w)
    {
        var ex = Assert.Throws<ArgumentException>(() => _b.Managed.Transform(new float[4], new float[4], new ImageBatchShape(n, c, h, w), DctDirection.Forward));
        Assert.Contains("C, H, W ≥ 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsBufferOfWrongLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => _b.Managed.Transform(new float[10], new float[12], new ImageBatchShape(1, 1, 3, 4), DctDirection.Forward));
        Assert.Contains("needs 12 elements, the buffer holds 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FactoryPicksManagedWithoutGpuAndParsesNames()
    {
        Assert.Equal(DctBackendKind.Ilgpu, DctBackends.Parse("ILGPU"));
        Assert.Throws<ArgumentException>(() => DctBackends.Parse("fftw"));
        using IDctBackend auto = DctBackends.Create(DctBackendKind.Auto);
        Assert.Equal(IlgpuDctBackend.GpuAvailable() ? "ilgpu" : "managed", auto.Name.Split('-')[0]);
    }
}
