using MlNetFreq.Data.Formats;

namespace MlNetFreq.Operations.Catalog;

/// <summary><c>predict</c>: the model's logits for every image, as float32 .npy [N, K].</summary>
public sealed class Predict : Operation<Predict.Logits>
{
    /// <inheritdoc />
    public override string Name => "predict";

    /// <inheritdoc />
    public override string Description => "Run the model on a batch of images in batches through ONNX Runtime and write its logits.";

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } = [new("output", [".npy"], true, "Logits as float32 .npy [N, K].")];

    /// <inheritdoc />
    protected override Logits MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var model = slice.RequiredModel;
        int n = slice.Shape.N;
        var logits = model.Forward(slice.Images, n);
        slice.Progress?.Report(n);
        return new Logits(n, model.Classes, logits);
    }

    /// <inheritdoc />
    protected override Logits Add(Logits first, Logits second) => new(first.Rows + second.Rows, first.Classes, [.. first.Values, .. second.Values]);

    /// <inheritdoc />
    protected override void Write(Logits result, OperationWriter writer) => NpyFile.Write(writer.Path("output"), result.Values, result.Rows, result.Classes);

    /// <inheritdoc />
    protected override string Summarise(Logits result) => $"logits [{result.Rows},{result.Classes}]";

    /// <summary>Logits of consecutive images: [Rows, Classes] row-major.</summary>
    public sealed record Logits(int Rows, int Classes, float[] Values);
}
