using MlNetFreq.Data.Tensors;

namespace MlNetFreq.Experiments;

/// <summary>Names for the classes of a data set in figures and tables.</summary>
public static class ClassNames
{
    /// <summary>Fashion-MNIST's ten classes.</summary>
    public static readonly IReadOnlyList<string> FashionMnist =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The set's own names (CIFAR-10, image folders); Fashion-MNIST's for 1×28×28 images; else "class i".</summary>
    public static IReadOnlyList<string> For(LabeledImages set, int classes)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.ClassNames is { } names && names.Count >= classes)
        {
            return names;
        }

        var s = set.Images.Shape;
        return s is { C: 1, H: 28, W: 28 } && classes == 10 ? FashionMnist : Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray();
    }
}
