using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Gradients;
using MlNetFreq.Onnx.Sessions;
using A = MlNetFreq.Onnx.Graph.Nodes;

namespace MlNetFreq.Onnx.Tests;

/// <summary>
/// The operators of current classifiers (MobileNetV3, ConvNeXt, EfficientNet, normalisations, resampling, einsum) and
/// exporters' shape arithmetic, each against central finite differences on a small random graph at the opset named.
/// </summary>
public sealed class ModernOperatorGradientTests
{
    private const int C = 4, H = 7, W = 7;

    // Inputs are uniform in [−1, 1]; Wide spreads them over [−4, 4] so the kinks at ±3 are crossed, Positive maps them
    // into [0.5, 1.5] for Sqrt/Log/Pow.
    private static string Wide(TestGraph g) => g.Node("Mul", [g.X, g.Const([4f], 1)]);

    private static string Positive(TestGraph g) => g.Node("Add", [g.Node("Mul", [g.X, g.X]), g.Const([0.5f], 1)]);

    // Resize sizes as exporters compute them: the input's N and C from its shape, then the new H and W.
    private static string Sizes(TestGraph g, long h, long w) =>
        g.Node("Concat", [g.Node("Slice", [g.Node("Shape", [g.X]), g.Ints(0), g.Ints(2)]), g.Ints(h, w)], A.Int("axis", 0));

    internal static readonly Dictionary<string, (long Opset, Func<TestGraph, string> Build)> Cases = new()
    {
        ["HardSigmoid (MobileNetV3 SE)"] = (13, g => g.Node("HardSigmoid", [Wide(g)], A.Float("alpha", 1f / 6), A.Float("beta", 0.5f))),
        ["HardSwish"] = (14, g => g.Node("HardSwish", [Wide(g)])),
        ["Erf (GELU decomposed)"] = (13, g => g.Node("Mul", [g.X, g.Node("Erf", [g.Node("Mul", [g.X, g.Const([0.7f], 1)])])])),
        ["Sqrt, Reciprocal, Log, Exp"] = (13, g => g.Node("Add", [g.Node("Reciprocal", [g.Node("Sqrt", [Positive(g)])]), g.Node("Exp", [g.Node("Log", [Positive(g)])])])),
        ["Abs, Elu, Selu, Softplus"] = (13, g => g.Node("Add", [g.Node("Abs", [g.X]), g.Node("Softplus", [g.Node("Selu", [g.Node("Elu", [g.X], A.Float("alpha", 0.7f))])])])),
        ["PRelu per channel"] = (13, g => g.Node("PRelu", [g.X, g.Random(1, C, 1, 1)])),
        ["Pow constant exponent"] = (13, g => g.Node("Pow", [Positive(g), g.Const([2.5f], 1)])),
        ["Pow tensor exponent"] = (13, g => g.Node("Pow", [Positive(g), g.Node("Sigmoid", [g.X])])),
        ["Max, Min with a constant, broadcast"] = (13, g => g.Node("Add", [g.Node("Max", [g.X, g.Random(2, W), g.Node("Tanh", [g.X])]), g.Node("Min", [g.X, g.Const([0.1f], 1)])])),
        ["Max of a tensor with itself splits the tie"] = (13, g => g.Node("Max", [g.X, g.X])),
        ["Where"] = (13, g => g.Node("Where", [g.Node("Greater", [g.X, g.Const([0f], 1)]), g.Node("Mul", [g.X, g.Const([2f], 1)]), g.Node("Sigmoid", [g.X])])),
        ["Expand over channels"] = (13, g => g.Node("Expand", [g.Node("ReduceMean", [g.X], A.Ints("axes", [1])), g.Ints(1, C, 1, 1)])),
        ["Tile"] = (13, g => g.Node("Tile", [g.X, g.Ints(1, 2, 1, 3)])),
        ["Gather repeated indices along channels"] = (13, g => g.Node("Gather", [g.X, g.Ints(2, 0, 2, -1)], A.Int("axis", 1))),
        ["Gather scalar index on the last axis"] = (13, g => g.Node("Gather", [g.X, g.Node("Constant", [], A.Tensor("value", TensorValues.Int64("v", [3])))], A.Int("axis", 3))),
        ["LayerNormalization last axis"] = (17, g => g.Node("LayerNormalization", [g.X, g.Random(3, W), g.Random(4, W)], A.Float("epsilon", 1e-3f))),
        ["LayerNormalization over C, H, W"] = (17, g => g.Node("LayerNormalization", [g.X, g.Random(5, C, H, W)], A.Int("axis", 1))),
        ["LayerNorm decomposed (opset 13: ReduceMean, Pow, Sqrt, Div)"] = (13, g =>
        {
            string d = g.Node("Sub", [g.X, g.Node("ReduceMean", [g.X], A.Ints("axes", [-1]))]);
            string variance = g.Node("ReduceMean", [g.Node("Pow", [d, g.Const([2f], 1)])], A.Ints("axes", [-1]));
            return g.Node("Div", [d, g.Node("Sqrt", [g.Node("Add", [variance, g.Const([1e-5f], 1)])])]);
        }),
        ["InstanceNormalization"] = (13, g => g.Node("InstanceNormalization", [g.X, g.Random(6, C), g.Random(7, C)], A.Float("epsilon", 1e-4f))),
        ["GroupNorm as exported by PyTorch (Reshape, InstanceNormalization, Reshape, Mul, Add)"] = (13, g =>
        {
            string grouped = g.Node("Reshape", [g.X, g.Ints(0, 2, -1)]);
            string normed = g.Node("InstanceNormalization", [grouped, g.Const([1f, 1f], 2), g.Const([0f, 0f], 2)]);
            return g.Node("Add", [g.Node("Mul", [g.Node("Reshape", [normed, g.Ints(0, C, H, W)]), g.Random(8, C, 1, 1)]), g.Random(9, C, 1, 1)]);
        }),
        ["GroupNormalization-18 (scale per group)"] = (18, g => g.Node("GroupNormalization", [g.X, g.Random(10, 2), g.Random(11, 2)], A.Int("num_groups", 2))),
        ["GroupNormalization-21 (scale per channel)"] = (21, g => g.Node("GroupNormalization", [g.X, g.Random(12, C), g.Random(13, C)], A.Int("num_groups", 2))),
        ["Mish-18"] = (18, g => g.Node("Mish", [Wide(g)])),
        ["Gelu-20 exact"] = (20, g => g.Node("Gelu", [Wide(g)])),
        ["Gelu-20 tanh"] = (20, g => g.Node("Gelu", [Wide(g)], A.String("approximate", "tanh"))),
        ["MatMul with a computed, batch-dependent (unfoldable) operand"] = (13, g =>
        {
            string batch = g.Node("Slice", [g.Node("Shape", [g.X]), g.Ints(0), g.Ints(1)]);
            string weights = g.Node("Expand", [g.Random(19, W, 3), g.Node("Concat", [batch, g.Ints(C, W, 3)], A.Int("axis", 0))]);
            return g.Node("MatMul", [g.X, weights]);
        }),
        ["Slice strided and reversed"] = (13, g => g.Node("Slice", [g.X, g.Ints(1, -1), g.Ints(6, long.MinValue), g.Ints(2, 3), g.Ints(2, -1)])),
        ["ReduceMean-18 axes input"] = (18, g => g.Node("ReduceMean", [g.Node("Mul", [g.X, g.X]), g.Ints(1, 3)])),
        ["Resize nearest ×2 half_pixel (scales)"] = (13, g => g.Node("Resize", [g.X, "", g.Const([1f, 1f, 2f, 2f], 4)], A.String("mode", "nearest"))),
        ["Resize nearest ×1.5 asymmetric floor"] = (13, g => g.Node("Resize", [g.X, "", g.Const([1f, 1f, 1.5f, 1.5f], 4)], A.String("mode", "nearest"), A.String("coordinate_transformation_mode", "asymmetric"), A.String("nearest_mode", "floor"))),
        ["Resize linear ×2 half_pixel (F.interpolate bilinear)"] = (13, g => g.Node("Resize", [g.X, "", g.Const([1f, 1f, 2f, 2f], 4)], A.String("mode", "linear"))),
        ["Resize linear align_corners to sizes 10×5"] = (13, g => g.Node("Resize", [g.X, "", "", Sizes(g, 10, 5)], A.String("mode", "linear"), A.String("coordinate_transformation_mode", "align_corners"))),
        ["Resize linear pytorch_half_pixel down to 3×4"] = (13, g => g.Node("Resize", [g.X, "", "", Sizes(g, 3, 4)], A.String("mode", "linear"), A.String("coordinate_transformation_mode", "pytorch_half_pixel"))),
        ["Resize-10 nearest ×3 (asymmetric, floor)"] = (10, g => g.Node("Resize", [g.X, g.Const([1f, 1f, 3f, 3f], 4)], A.String("mode", "nearest"))),
        ["Upsample-9 nearest ×2, ×3"] = (9, g => g.Node("Upsample", [g.X, g.Const([1f, 1f, 2f, 3f], 4)], A.String("mode", "nearest"))),
        ["Upsample-9 linear ×2"] = (9, g => g.Node("Upsample", [g.X, g.Const([1f, 1f, 2f, 2f], 4)], A.String("mode", "linear"))),
        ["ConvTranspose stride 2, pads, output_padding"] = (13, g => g.Node("ConvTranspose", [g.X, g.Random(14, C, 3, 3, 3), g.Random(15, 3)], A.Ints("strides", [2, 2]), A.Ints("pads", [1, 0, 1, 1]), A.Ints("output_padding", [1, 0]))),
        ["ConvTranspose groups, dilation"] = (13, g => g.Node("ConvTranspose", [g.X, g.Random(16, C, 3, 2, 2)], A.Int("group", 2), A.Ints("dilations", [2, 2]))),
        ["Einsum with a constant"] = (13, g => g.Node("Einsum", [g.X, g.Random(17, W, 5)], A.String("equation", "nchw,wk->nchk"))),
        ["Einsum of two variables (attention scores)"] = (13, g => g.Node("Einsum", [g.X, g.Node("Tanh", [g.X])], A.String("equation", "bhqd,bhkd->bhqk"))),
        ["Einsum implicit output with ellipsis"] = (13, g => g.Node("Einsum", [g.X, g.Random(18, W, 3)], A.String("equation", "...w,wk"))),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var (opset, build) = Cases[name];
        var g = new TestGraph(C, H, W, opset);
        using var session = ModelSession.Create(g.Output(build(g)), name);
        FiniteDifferences.Check(session, n: 2, seed: name.Length, what: $"{name} (opset {opset})");
    }

    [Fact]
    public void ExportersShapeArithmeticIsFoldedBeforeDifferentiation()
    {
        // F.pad: pads computed from Shape (Slice → Div → Concat); a channel chunk whose start is C/2 (ShuffleNetV2);
        // x.view(x.size(0), -1): a batch-dependent shape that must stay computed.
        var g = new TestGraph(C, H, W, 13);
        string shape = g.Node("Shape", [g.X]);
        string hw = g.Node("Slice", [shape, g.Ints(2), g.Ints(4)]);
        string ones = g.Node("Div", [hw, hw]);
        string pads = g.Node("Concat", [g.Ints(0, 0), ones, g.Ints(0, 0), ones], A.Int("axis", 0));
        string padded = g.Node("Pad", [g.X, pads], A.String("mode", "constant"));
        string half = g.Node("Div", [g.Node("Slice", [shape, g.Ints(1), g.Ints(2)]), g.Ints(2)]);
        string chunk = g.Node("Slice", [padded, half, g.Ints(long.MaxValue), g.Ints(1)]);
        string batch = g.Node("Slice", [g.Node("Shape", [chunk]), g.Ints(0), g.Ints(1)]);
        string flat = g.Node("Reshape", [chunk, g.Node("Concat", [batch, g.Ints(-1)], A.Int("axis", 0))]);
        string logits = g.Node("Gemm", [flat, g.Random(1, (C / 2) * (H + 2) * (W + 2), 5)]);
        using var session = ModelSession.Create(g.Output(logits), "shape-arithmetic");
        FiniteDifferences.Check(session, n: 3, seed: 2, what: "shape arithmetic");

        // The pads and the slice start became initializers of the gradient graph; the batch-dependent shape did not.
        var graph = session.GradientModel().Model.Graph;
        Assert.Contains(graph.Initializer, t => t.Name == pads + "_folded" && TensorValues.ToInt64(t).SequenceEqual(new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }));
        Assert.Contains(graph.Initializer, t => t.Name == half + "_folded" && TensorValues.ToInt64(t).SequenceEqual(new long[] { 2 }));
        Assert.DoesNotContain(graph.Initializer, t => t.Name.StartsWith(batch, StringComparison.Ordinal));
    }

    [Fact]
    public void PathOperatorsListsWhatLacksARuleWithoutRunningTheModel()
    {
        var g = new TestGraph(1, 4, 4);
        string y = g.Node("Relu", [g.Node("Sin", [g.Node("HardSwish", [g.Node("Relu", [g.X])])])]);
        var prepared = ModelPreparer.Prepare(g.Output(y), new ModelSessionOptions(), "doctor");
        var ops = GradientGraphBuilder.PathOperators(prepared);
        Assert.Equal([new PathOperator("Sin", 1, false), new PathOperator("HardSwish", 1, true), new PathOperator("Relu", 2, true)], ops);
    }

    [Fact]
    public void UnsupportedFormsAreRefusedNamingNodeAndReason()
    {
        var g = new TestGraph(C, H, W, 13);
        var model = g.Output(g.Node("Resize", [g.X, "", g.Const([1f, 1f, 2f, 2f], 4)], A.String("mode", "cubic")));
        using var session = ModelSession.Create(model, "cubic");
        var ex = Assert.Throws<OnnxFormatException>(() => session.Gradient(new float[C * H * W], 1, new float[4 * C * H * W]));
        Assert.Contains("Resize node 't1_Resize' (opset 13): mode 'cubic' has no gradient rule; supported: nearest, linear", ex.Message, StringComparison.Ordinal);

        var e = new TestGraph(C, H, W, 13);
        var diagonal = e.Output(e.Node("Einsum", [e.X], A.String("equation", "nchh->nch")));
        using var diag = ModelSession.Create(diagonal, "diagonal");
        Assert.Contains("repeats an index", Assert.Throws<OnnxFormatException>(() => diag.Gradient(new float[C * H * W], 1, new float[C * H])).Message, StringComparison.Ordinal);
    }
}
