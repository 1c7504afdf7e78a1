using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Operations.Parts;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>robustify</c>: a robust (robust model) or non-robust (natural model) data set by representation matching (Ilyas et
/// al. 2019; the paper's Experiment II) — each image re-synthesised from another image of the set, drawn and seeded by
/// its index, so any split gives the same images; each keeps its label, written beside the images.
/// </summary>
public sealed class RepresentationMatchedImages : Operation<RepresentationMatchedImages.Matched>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<RepresentationMatchingOptions>("robustify", MethodKind.Settings, "Representation matching.");

    /// <inheritdoc />
    public override string Name => "robustify";

    /// <inheritdoc />
    public override string Description => "Build a robust (robust model) or non-robust (natural model) data set: each image is re-synthesised from another image by matching the model's representation (the paper's Experiment II). Resumable: parts of 500 images are kept in OUTPUT.parts/ unless --checkpoint says otherwise.";

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool NeedsLabels => true;

    /// <summary>Every image: starting points are drawn from the whole set.</summary>
    public override int HeadImages => int.MaxValue;

    /// <inheritdoc />
    public override int? DefaultCheckpoint => 500;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RetiredFlags { get; } = new Dictionary<string, string>
    {
        ["chunk"] = "replaced by --checkpoint IMAGES (500 by default for robustify): parts are kept in OUTPUT.parts/ and a rerun of the same command resumes from them.",
    };

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } =
    [
        new("output", [".npy"], true, "Generated images as float32 .npy [N,C,H,W]; the labels go beside it as <output>.labels.npy (int64)."),
        new("labels-beside", [".labels.npy"], true, "The generated images' labels (int64 .npy [N]), beside --output.") { Beside = "output" },
    ];

    /// <inheritdoc />
    public override void CheckAgainst(OperationParameters parameters, Onnx.Sessions.ModelSession? model, ImageBatchShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        if (shape.N < 2)
        {
            throw new ArgumentException($"input: expected at least two images (each starts from another one), found {shape.N}.");
        }

        _ = model.GradientModel(((RepresentationMatchingOptions)parameters.Settings!).Create(model).Node); // the tensor exists and can be differentiated
    }

    /// <inheritdoc />
    protected override Matched MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var whole = slice.Head ?? throw new InvalidOperationException("robustify: the slice needs the whole data set.");
        var matching = ((RepresentationMatchingOptions)slice.Settings!).Create(slice.RequiredModel);
        int count = slice.Shape.N;
        var (images, objective) = matching.Generate(whole.Images.Data, whole.Images.Shape.N, (int)slice.FirstIndex, count, slice.Progress);
        return new Matched(new ImageRows(slice.Shape, images), slice.RequiredLabels, [.. objective.Select(o => o * count)]);
    }

    /// <inheritdoc />
    protected override Matched Add(Matched first, Matched second) =>
        new(first.Rows.Then(second.Rows), [.. first.Labels, .. second.Labels], [.. first.ObjectiveSum.Zip(second.ObjectiveSum, (a, b) => a + b)]);

    /// <inheritdoc />
    protected override void Write(Matched result, OperationWriter writer)
    {
        result.Rows.WriteNpy(writer.Path("output"));
        NpyFile.Write(writer.Path("labels-beside"), result.Labels.Select(v => (long)v).ToArray(), result.Labels.Length);
    }

    /// <inheritdoc />
    protected override string Summarise(Matched result)
    {
        int n = Math.Max(result.Labels.Length, 1);
        return $"objective {result.ObjectiveSum[0] / n:G4} -> {result.ObjectiveSum[^1] / n:G4}; {result.Rows.Shape}";
    }

    /// <summary>Matched images of consecutive images, their labels, and the objective per step summed over them.</summary>
    public sealed record Matched(ImageRows Rows, int[] Labels, double[] ObjectiveSum);
}
