using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;
using MlNetFreq.Onnx.Sessions;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Onnx.Tests;

/// <summary>Every supported operator's gradient against central finite differences, on small random graphs.</summary>
public sealed class OperatorGradientTests
{
    private const int C = 4, H = 7, W = 7;

    internal static readonly Dictionary<string, Func<TestGraph, string>> Cases = new()
    {
        ["Conv groups=2 stride=2 pads"] = g => g.Node("Conv", [g.X, g.Random(1, 6, 2, 3, 3), g.Random(2, 6)], A.Int("group", 2), A.Ints("strides", [2, 2]), A.Ints("pads", [1, 0, 1, 1])),
        ["Conv SAME_UPPER stride 2"] = g => g.Node("Conv", [g.X, g.Random(3, 3, 4, 3, 3)], A.Ints("strides", [2, 2]), A.String("auto_pad", "SAME_UPPER")),
        ["Conv dilation=2 pads"] = g => g.Node("Conv", [g.X, g.Random(16, 3, 4, 3, 3)], A.Ints("dilations", [2, 2]), A.Ints("pads", [2, 1, 0, 2])),
        ["Conv 1x1 stride 2 (even output)"] = g => g.Node("Conv", [g.X, g.Random(4, 5, 4, 1, 1)], A.Ints("strides", [2, 2])),
        // Strided, one group: the phase-split Conv + DepthToSpace form, at kernels smaller than, equal to and larger
        // than the stride, odd input sizes, asymmetric and large pads.
        ["Conv k7 s2 p3 (phases)"] = g => g.Node("Conv", [g.X, g.Random(19, 5, 4, 7, 7), g.Random(20, 5)], A.Ints("strides", [2, 2]), A.Ints("pads", [3, 3, 3, 3])),
        ["Conv k4 s2 p1,2 (phases)"] = g => g.Node("Conv", [g.X, g.Random(21, 3, 4, 4, 4)], A.Ints("strides", [2, 2]), A.Ints("pads", [1, 2, 2, 1])),
        ["Conv k3x2 s3 p2,0 (phases)"] = g => g.Node("Conv", [g.X, g.Random(22, 3, 4, 3, 2)], A.Ints("strides", [3, 3]), A.Ints("pads", [2, 0, 1, 1])),
        ["Conv k2 s3 (phases, rows no tap reads)"] = g => g.Node("Conv", [g.X, g.Random(23, 2, 4, 2, 2)], A.Ints("strides", [3, 3])),
        ["Conv k3 s2 p4 (phases, pad past the kernel)"] = g => g.Node("Conv", [g.X, g.Random(24, 2, 4, 3, 3)], A.Ints("strides", [2, 2]), A.Ints("pads", [4, 4, 4, 4])),
        ["Gemm transB alpha beta"] = g => g.Node("Gemm", [g.Node("Flatten", [g.X]), g.Random(5, 10, C * H * W), g.Random(6, 10)], A.Int("transB", 1), A.Float("alpha", 0.7f), A.Float("beta", 0.3f)),
        ["Gemm transA"] = g => g.Node("Gemm", [g.Node("Transpose", [g.Node("Flatten", [g.X])]), g.Random(7, C * H * W, 5)], A.Int("transA", 1)),
        ["Gemm variable C"] = g =>
        {
            string f = g.Node("Flatten", [g.X]);
            string c = g.Node("Relu", [g.Node("Gemm", [f, g.Random(17, C * H * W, 6)])]);
            return g.Node("Gemm", [f, g.Random(18, C * H * W, 6), c], A.Float("beta", 2f));
        },
        ["MatMul const right, broadcast"] = g => g.Node("MatMul", [g.X, g.Random(8, W, 3)]),
        ["MatMul both variable"] = g => g.Node("MatMul", [g.X, g.Node("Transpose", [g.X], A.Ints("perm", [0, 1, 3, 2]))]),
        ["Add/Sub broadcast"] = g => g.Node("Sub", [g.Random(9, 1, C, 1, 1), g.Node("Add", [g.X, g.Random(10, W)])]),
        ["Mul/Div broadcast, both sides variable"] = g =>
        {
            string s = g.Node("Sigmoid", [g.X]);
            string d = g.Node("Add", [s, g.Const([1f], 1)]);
            return g.Node("Div", [g.Node("Mul", [g.X, g.Random(11, C, 1, 1)]), d]);
        },
        ["Relu, LeakyRelu, Tanh"] = g => g.Node("Tanh", [g.Node("LeakyRelu", [g.Node("Relu", [g.Node("Add", [g.X, g.Const([0.2f], 1)])])], A.Float("alpha", 0.1f))]),
        ["Clip inputs"] = g => g.Node("Clip", [g.X, g.Const([-0.5f]), g.Const([0.6f])]),
        ["Softmax, LogSoftmax"] = g => g.Node("Add", [g.Node("Softmax", [g.X], A.Int("axis", 1)), g.Node("LogSoftmax", [g.X], A.Int("axis", -1))]),
        ["MaxPool k3 s2 p1 ceil"] = g => g.Node("MaxPool", [g.X], A.Ints("kernel_shape", [3, 3]), A.Ints("strides", [2, 2]), A.Ints("pads", [1, 1, 1, 1]), A.Int("ceil_mode", 1)),
        ["MaxPool k2 s2"] = g => g.Node("MaxPool", [g.X], A.Ints("kernel_shape", [2, 2]), A.Ints("strides", [2, 2])),
        ["AveragePool pads exclude"] = g => g.Node("AveragePool", [g.X], A.Ints("kernel_shape", [3, 3]), A.Ints("strides", [2, 2]), A.Ints("pads", [1, 1, 1, 1])),
        ["AveragePool pads include ceil"] = g => g.Node("AveragePool", [g.X], A.Ints("kernel_shape", [2, 2]), A.Ints("strides", [2, 2]), A.Ints("pads", [1, 0, 0, 1]), A.Int("count_include_pad", 1), A.Int("ceil_mode", 1)),
        ["GlobalAveragePool, GlobalMaxPool"] = g => g.Node("Add", [g.Node("GlobalAveragePool", [g.X]), g.Node("GlobalMaxPool", [g.X])]),
        ["BatchNormalization"] = g => g.Node("BatchNormalization", [g.X, g.Random(12, C), g.Random(13, C), g.Random(14, C), g.Const([0.5f, 1.5f, 2f, 0.25f], C)], A.Float("epsilon", 1e-3f)),
        // Found untested by RuleTableTests: Sum of three inputs, Neg, and a Cast to float on the path.
        ["Sum, Neg, Cast to float"] = g => g.Node("Sum", [g.Node("Neg", [g.X]), g.Node("Cast", [g.Node("Mul", [g.X, g.X])], A.Int("to", 1)), g.Node("Sigmoid", [g.X])]),
        ["Reshape, Transpose"] = g => g.Node("Transpose", [g.Node("Reshape", [g.X, g.Ints(0, C * H, W)])], A.Ints("perm", [2, 0, 1])),
        ["Concat, Split"] = g =>
        {
            string cat = g.Node("Concat", [g.X, g.Node("Sigmoid", [g.X])], A.Int("axis", 1));
            var parts = g.Nodes("Split", [cat, g.Ints(3, 5)], 2, A.Int("axis", 1));
            return g.Node("Mul", [parts[1], g.Const([2f], 1)]);
        },
        ["Slice, Pad"] = g => g.Node("Pad", [g.Node("Slice", [g.X, g.Ints(1, -5), g.Ints(3, 100), g.Ints(1, 3)]), g.Ints(0, 0, 2, 1, 0, 1, 0, 3)], A.String("mode", "constant")),
        ["Identity, Dropout, Squeeze, Unsqueeze"] = g => g.Node("Squeeze", [g.Node("Unsqueeze", [g.Node("Dropout", [g.Node("Identity", [g.X])]), g.Ints(2)]), g.Ints(2)]),
        ["ReduceMean keepdims, ReduceSum"] = g => g.Node("Add", [
            g.Node("Flatten", [g.Node("ReduceMean", [g.X], A.Ints("axes", [1, 2]))]),
            g.Node("ReduceSum", [g.Node("Mul", [g.X, g.X]), g.Ints(1, 3)], A.Int("keepdims", 0))]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var g = new TestGraph(C, H, W);
        var model = g.Output(Cases[name](g));
        using var session = ModelSession.Create(model, name);
        FiniteDifferences.Check(session, n: 2, seed: name.Length, what: name);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(9)]
    public void ReluGradientIsExactlyTheIndicatorOfAPositiveInput(long opset)
    {
        // The mask is computed as clip(2¹²⁶·relu(x), 0, 1) on [N, C, H, W] tensors (to stay in ONNX Runtime's NCHWc
        // layout): it must still be exactly 1 for every normal positive value, large ones included, and 0 at zero.
        float[] values = [0f, -0f, -1f, MathF.ScaleB(1f, -126), 1.5f * MathF.ScaleB(1f, -126), 1e-30f, 0.5f, 5f, 1e30f, 3e38f, -3e38f, 2f];
        var g = new TestGraph(16, 1, values.Length, opset);
        var model = g.Output(g.Node("Relu", [g.X]));
        using var session = ModelSession.Create(model, "relu");
        var images = new float[16 * values.Length];
        for (int c = 0; c < 16; c++)
        {
            values.CopyTo(images, c * values.Length);
        }

        var gradient = session.Gradient(images, 1, Enumerable.Repeat(1f, images.Length).ToArray()).InputGradient;
        Assert.Equal(images.Select(v => v > 0 ? 1f : 0f), gradient);
    }

    [Fact]
    public void GemmWithBothFactorsVariable()
    {
        // Gemm(f, f, transB) mixes rows, so it is checked on a batch of one.
        var g = new TestGraph(1, 3, 3);
        string f = g.Node("Flatten", [g.X]);
        using var session = ModelSession.Create(g.Output(g.Node("Gemm", [f, f], A.Int("transB", 1))), "gemm-ff");
        FiniteDifferences.Check(session, n: 1, seed: 4);
    }

    [Fact]
    public void UnsupportedOperatorOnThePathNamesOpNodeAndOpset()
    {
        var g = new TestGraph(1, 4, 4);
        var model = g.Output(g.Node("Relu", [g.Node("Sin", [g.X])]));
        using var session = ModelSession.Create(model, "sin-model");
        var ex = Assert.Throws<OnnxFormatException>(() => session.Gradient(new float[16], 1, new float[16]));
        Assert.Contains("operator 'Sin' (node 't0_Sin', opset 17)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperatorsOffThePathNeedNoRule()
    {
        // Sin only touches a constant branch: nothing to differentiate there.
        var g = new TestGraph(1, 4, 4);
        var model = g.Output(g.Node("Mul", [g.X, g.Node("Sin", [g.Random(1, 4)])]));
        using var session = ModelSession.Create(model, "sin-constant");
        FiniteDifferences.Check(session, n: 1, seed: 3);
    }

    [Fact]
    public void GradientModelIsAPlainOnnxModelWithSeedInputAndGradientOutput()
    {
        var g = new TestGraph(2, 5, 5);
        var model = g.Output(g.Node("Relu", [g.Node("Conv", [g.X, g.Random(1, 3, 2, 3, 3)])]));
        using var session = ModelSession.Create(model, "conv");
        var grad = session.GradientModel();
        Assert.Contains(grad.Model.Graph.Input, i => i.Name == grad.Seed);
        Assert.Contains(grad.Model.Graph.Output, o => o.Name == grad.InputGradient);
        var parsed = OnnxModelFile.Parse(Google.Protobuf.MessageExtensions.ToByteArray(grad.Model), "round-trip");
        Assert.Equal(grad.Model.Graph.Node.Count, parsed.Graph.Node.Count);
    }
}

public sealed class CrossEntropyGraphTests
{
    [Fact]
    public void InGraphCrossEntropySeedEqualsTheCSharpSeed()
    {
        var g = new TestGraph(2, 5, 5);
        string logits = g.Node("Gemm", [g.Node("Flatten", [g.Node("Relu", [g.Node("Conv", [g.X, g.Random(1, 4, 2, 3, 3)], A.Ints("pads", [1, 1, 1, 1]))])]), g.Random(2, 100, 7)]);
        using var session = ModelSession.Create(g.Output(logits), "ce");
        float[] x = TestArrays.Uniform(3 * 50, 9);
        int[] labels = [6, 0, 3];
        var fused = session.CrossEntropyGradient(x, 3, labels);
        var reference = session.Gradient(x, 3, Losses.LossSeeds.CrossEntropy(session.Forward(x, 3), labels, 7));
        TestArrays.AssertClose(reference.Logits, fused.Logits, atol: 1e-6);
        TestArrays.AssertClose(reference.InputGradient, fused.InputGradient, atol: 1e-6, rtol: 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.CrossEntropyGradient(x, 3, [6, 7, 0]));
    }
}

public sealed class RepresentationGraphTests
{
    [Fact]
    public void InGraphRepresentationSeedEqualsTheCSharpSeed()
    {
        var g = new TestGraph(2, 5, 5);
        string features = g.Node("Flatten", [g.Node("Relu", [g.Node("Conv", [g.X, g.Random(1, 4, 2, 3, 3)], A.Ints("pads", [1, 1, 1, 1]))])]);
        using var session = ModelSession.Create(g.Output(g.Node("Gemm", [features, g.Random(2, 100, 7)])), "representation");
        float[] x = TestArrays.Uniform(3 * 50, 9);
        float[] target = TestArrays.Uniform(3 * 100, 4);
        var fused = session.RepresentationGradient(x, 3, features, target);

        // Reference: g(x) from a zero-seeded run, then the seed g − t (∂½‖g − t‖²/∂g) given from C#.
        float[] values = session.Gradient(x, 3, new float[300], features).TargetValues!;
        var reference = session.Gradient(x, 3, values.Select((v, i) => v - target[i]).ToArray(), features);
        TestArrays.AssertClose(values, fused.TargetValues!, atol: 1e-6);
        TestArrays.AssertClose(reference.InputGradient, fused.InputGradient, atol: 1e-6, rtol: 1e-5);
        Assert.Contains("found 299", Assert.Throws<ArgumentException>(() => session.RepresentationGradient(x, 3, features, new float[299])).Message, StringComparison.Ordinal);
    }
}
