using MlNetFreq.Data.Formats;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Operations.Parts;

/// <summary>
/// A tensor per image of consecutive images, [N, C, H, W] row-major (transformed, corrupted or adversarial images, input
/// gradients): the part of every operation whose result is one such tensor per image.
/// </summary>
public sealed record ImageRows(ImageBatchShape Shape, float[] Values)
{
    /// <summary>These rows followed by <paramref name="next"/>'s.</summary>
    public ImageRows Then(ImageRows next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new(Shape with { N = Shape.N + next.Shape.N }, [.. Values, .. next.Values]);
    }

    /// <summary>Writes the rows as float32 .npy [N, C, H, W].</summary>
    public void WriteNpy(string path) => NpyFile.Write(path, Values, Shape.N, Shape.C, Shape.H, Shape.W);
}
