using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Operations.Parts;

namespace MlNetFreq.Operations.Catalog;

/// <summary>
/// <c>dct</c>: the orthonormal 2-D DCT-II over (H, W) of every channel of every image — scipy.fft.dctn(x, type=2,
/// norm="ortho", axes=(-2, -1)) — or its inverse (DCT-III, idctn) for coefficients; any float tensor, not only pixels.
/// </summary>
public sealed class DctTransform : Operation<DctTransform.Spectra>
{
    private static readonly MethodDescriptor SettingsDescriptor = MethodDescriptor.Of<DctSettings>("dct", MethodKind.Settings, "The DCT's direction and backend.");

    /// <inheritdoc />
    public override string Name => "dct";

    /// <inheritdoc />
    public override string Description => "2-D DCT-II with orthonormal scaling over (H, W) of every channel, identical to scipy.fft.dctn(x, type=2, norm=\"ortho\", axes=(-2,-1)); --inverse applies idctn to coefficients.";

    /// <inheritdoc />
    public override MethodDescriptor? Settings => SettingsDescriptor;

    /// <inheritdoc />
    public override bool NeedsModel => false;

    /// <inheritdoc />
    public override bool ReadsPixels => false;

    /// <inheritdoc />
    public override IReadOnlyList<OperationOutput> Outputs { get; } = [new("output", [".npy"], true, "Output .npy: float32 [N,C,H,W], the same shape as the input.")];

    /// <inheritdoc />
    protected override Spectra MeasureSlice(OperationSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var settings = (DctSettings)slice.Settings!;
        var values = new float[slice.Images.Length];
        var backend = DctBackends.Shared(settings.Backend);
        backend.Transform(slice.Images, values, slice.Shape, settings.Inverse ? DctDirection.Inverse : DctDirection.Forward);
        slice.Progress?.Report(slice.Shape.N);
        return new Spectra(new ImageRows(slice.Shape, values), settings.Inverse, backend.Name);
    }

    /// <inheritdoc />
    protected override Spectra Add(Spectra first, Spectra second) => first with { Rows = first.Rows.Then(second.Rows) };

    /// <inheritdoc />
    protected override void Write(Spectra result, OperationWriter writer) => result.Rows.WriteNpy(writer.Path("output"));

    /// <inheritdoc />
    protected override string Summarise(Spectra result) => $"{(result.Inverse ? "inverse DCT" : "DCT")} of {result.Rows.Shape} with {result.Backend}";

    /// <summary>The transformed tensors of consecutive images, the direction and the backend that computed them.</summary>
    public sealed record Spectra(ImageRows Rows, bool Inverse, string Backend);
}
