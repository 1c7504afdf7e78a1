namespace MlNetFreq.Data.Tensors;

/// <summary>Images with optional integer class labels (one per image) and optional class names.</summary>
public sealed record LabeledImages(ImageTensor Images, int[]? Labels, IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>The first <paramref name="count"/> images and their labels.</summary>
    public LabeledImages Take(int count) =>
        count >= Images.Shape.N ? this : new LabeledImages(Images.Take(count), Labels?[..count], ClassNames);
}
