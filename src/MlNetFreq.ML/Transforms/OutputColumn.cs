using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.Batching;
using MlNetFreq.ML.Schema;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// A column a transform adds: its name, item type and, for a vector, its dimensions as a function of the image shape.
/// The estimator's schema (vector or scalar, item type) and the mapper's exact types both come from it.
/// </summary>
public sealed record OutputColumn(string Name, PrimitiveDataViewType ItemType, Func<ImageShape, int[]>? Dimensions = null)
{
    /// <summary>A Single vector with the image's dimensions (C, H, W).</summary>
    public static OutputColumn ImageSized(string name) => new(name, NumberDataViewType.Single, s => [s.Channels, s.Height, s.Width]);

    /// <summary>A Single vector of a length that depends on the image shape.</summary>
    public static OutputColumn Vector(string name, Func<ImageShape, int> length) => new(name, NumberDataViewType.Single, s => [length(s)]);

    /// <summary>A scalar.</summary>
    public static OutputColumn Scalar(string name, PrimitiveDataViewType type) => new(name, type);

    /// <summary>The exact type for images of <paramref name="shape"/>.</summary>
    public DataViewType TypeFor(ImageShape shape) => Dimensions is null ? ItemType : new VectorDataViewType(ItemType, Dimensions(shape));

    /// <summary>The mapper's column for images of <paramref name="shape"/>.</summary>
    public MappedColumn MappedFor(ImageShape shape) => new(Name, TypeFor(shape));

    /// <summary>The column as the estimator declares it (shape unknown before data).</summary>
    public SchemaShape.Column SchemaColumn =>
        SchemaColumns.Describe(Name, Dimensions is null ? SchemaShape.Column.VectorKind.Scalar : SchemaShape.Column.VectorKind.Vector, ItemType);
}
