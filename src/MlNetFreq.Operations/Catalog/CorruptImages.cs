using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations.Parts;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>corrupt</c>: one common corruption (CIFAR-10-C formulas and severities, Hendrycks &amp; Dietterich 2019) of every
/// image; random ones depend only on the seed and each image's global index, so slices corrupt as one run does.
/// </summary>
public sealed class CorruptImages : Operation<CorruptImages.Images>
{
    /// <inheritdoc />
    public override string Name => "corrupt";

    /// <inheritdoc />
    public override string Description => "Applies a common corruption (noise, blur, weather, digital) at a severity 1–5 to every image; random ones depend only on --seed and each image's index.";

    /// <inheritdoc />
    public override MethodFamily? Methods { get; } = new(typeof(CorruptionOptions), "kind", "Corruption (CIFAR-10-C formulas and severities, Hendrycks & Dietterich 2019)");

    /// <inheritdoc />
    public override bool NeedsModel => false;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
        [new("output", [".npy"], true, "Corrupted images as float32 .npy [N, C, H, W] in [0, 1] (not rounded to 8 bits).")];

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var corruption = ((CorruptionOptions)parameters.Options!).Create();
        if (corruption.NotApplicable(shape.C) is { } why)
        {
            throw new MethodOptionException("kind", $"{corruption.Name}: {why}.");
        }
    }

    /// <inheritdoc />
    protected override Images MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var options = (CorruptionOptions)slice.Options!;
        var corruption = options.Create();
        float[] values = corruption.Apply(slice.Images, slice.Shape, slice.FirstIndex);
        slice.Progress?.Report(slice.Shape.N);
        return new Images(new ImageRows(slice.Shape, values), corruption.Name, options.Severity);
    }

    /// <inheritdoc />
    protected override Images Add(Images first, Images second) => first with { Rows = first.Rows.Then(second.Rows) };

    /// <inheritdoc />
    protected override void Write(Images result, OperationWriter writer) => result.Rows.WriteNpy(writer.Path("output"));

    /// <inheritdoc />
    protected override string Summarise(Images result) => $"{result.Corruption} severity {result.Severity}: {result.Rows.Shape}";

    /// <summary>Corrupted consecutive images and the corruption applied.</summary>
    public sealed record Images(ImageRows Rows, string Corruption, int Severity);
}
