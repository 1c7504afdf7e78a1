using MlNetFreq.Onnx.Losses;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations.Parts;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>gradient</c>: ∂L/∂x of every image through the model's differentiable ONNX graph (our reverse-mode graph builder,
/// run by ONNX Runtime); the loss is a sum over images, so each image's gradient is its own loss's.
/// </summary>
public sealed class InputGradient : Operation<ImageRows>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<GradientSettings>("gradient", MethodKind.Settings, "What is differentiated.");

    /// <inheritdoc />
    public override string Name => "gradient";

    /// <inheritdoc />
    public override string Description => "Input gradient of a loss through the model's differentiable ONNX graph (built by our reverse-mode graph builder, run by ONNX Runtime).";

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool TakesLabels => true;

    /// <inheritdoc />
    public override bool NeedsLabelsFor(OperationParameters parameters) => ((GradientSettings?)parameters?.Settings)?.Node is null;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } = [new("output", [".npy"], true, "Gradient ∂L/∂X as float32 .npy [N,C,H,W].")];

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        if (((GradientSettings)parameters.Settings!).Node is { } node)
        {
            _ = model.GradientModel(node); // an unknown tensor is named before any work
        }
    }

    /// <inheritdoc />
    protected override ImageRows MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var model = slice.RequiredModel;
        var settings = (GradientSettings)slice.Settings!;
        int n = slice.Shape.N;
        float[] gradient;
        if (settings.Node is { } inner)
        {
            // ½‖g‖² has gradient g: run once to read g, then seed with it.
            var probe = model.Gradient(slice.Images, n, new float[n * (int)model.GradientModel(inner).TargetShape.FixedElements], inner);
            gradient = model.Gradient(slice.Images, n, probe.TargetValues!, inner).InputGradient;
        }
        else
        {
            int[] y = slice.RequiredLabels;
            float[] logits = model.Forward(slice.Images, n);
            float[] seed = settings.Loss == GradientLoss.Margin ? LossSeeds.Margin(logits, y, model.Classes) : LossSeeds.CrossEntropy(logits, y, model.Classes);
            gradient = model.Gradient(slice.Images, n, seed).InputGradient;
        }

        slice.Progress?.Report(n);
        return new ImageRows(slice.Shape, gradient);
    }

    /// <inheritdoc />
    protected override ImageRows Add(ImageRows first, ImageRows second) => first.Then(second);

    /// <inheritdoc />
    protected override void Write(ImageRows result, OperationWriter writer) => result.WriteNpy(writer.Path("output"));

    /// <inheritdoc />
    protected override string Summarise(ImageRows result) => $"gradient {result.Shape}";
}
