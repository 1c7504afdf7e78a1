using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Schema;

/// <summary>
/// Schema checks shared by our estimators and transformers, with ML.NET's own message formats
/// ("Could not find input column 'X'", "Schema mismatch for input column 'X': expected …, got …").
/// </summary>
public static class SchemaColumns
{
    // SchemaShape.Column's only constructor is internal (name, kind, itemType, isKey, annotations); ML.NET gives
    // third-party estimators no public way to describe a new column, so this one reflective call is the bridge.
    private static readonly ConstructorInfo ColumnConstructor =
        typeof(SchemaShape.Column).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(c => c.GetParameters().Length == 5);

    /// <summary>A <see cref="SchemaShape.Column"/> of the given kind and item type, without annotations.</summary>
    public static SchemaShape.Column Describe(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false) =>
        (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, itemType, isKey, null]);

    /// <summary>The <see cref="SchemaShape"/> of a schema (ML.NET's own SchemaShape.Create is internal); annotations are left out.</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden).Select(c =>
        {
            var (kind, item) = c.Type switch
            {
                VectorDataViewType { IsKnownSize: true } v => (SchemaShape.Column.VectorKind.Vector, v.ItemType),
                VectorDataViewType v => (SchemaShape.Column.VectorKind.VariableVector, v.ItemType),
                var t => (SchemaShape.Column.VectorKind.Scalar, t),
            };
            // Like ML.NET's own SchemaShape.Create: a key column is described by its raw integer type.
            return item is KeyDataViewType key ? Describe(c.Name, kind, RawKeyType(key), isKey: true) : Describe(c.Name, kind, item);
        }));
    }

    private static DataViewType RawKeyType(KeyDataViewType key) => key.RawType switch
    {
        var t when t == typeof(byte) => NumberDataViewType.Byte,
        var t when t == typeof(ushort) => NumberDataViewType.UInt16,
        var t when t == typeof(uint) => NumberDataViewType.UInt32,
        _ => NumberDataViewType.UInt64,
    };

    /// <summary>The input shape with <paramref name="added"/> columns added (replacing same-named ones).</summary>
    public static SchemaShape Extend(SchemaShape input, params SchemaShape.Column[] added)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = input.ToDictionary(c => c.Name);
        foreach (var c in added)
        {
            columns[c.Name] = c;
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>Estimator-side check: the column exists and is a known-size vector of Single.</summary>
    public static void CheckImageColumn(SchemaShape input, string column)
    {
        ArgumentNullException.ThrowIfNull(input);
        var col = input.FirstOrDefault(c => c.Name == column);
        if (col.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Could not find input column '{column}'.");
        }

        if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Schema mismatch for input column '{column}': expected a known-size vector of Single (an image with dimensions (C, H, W)), got {Describe(col)}.");
        }
    }

    /// <summary>
    /// Transformer-side check: the column is a known-size Single vector whose dimensions give (C, H, W) — three
    /// dimensions, or two (H, W) meaning one channel — unless <paramref name="declared"/> gives the shape of a flat vector.
    /// </summary>
    public static (int Index, ImageShape Shape) FindImageColumn(DataViewSchema schema, string column, ImageShape? declared)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find input column '{column}'.");
        if (col.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single || !vector.IsKnownSize)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{column}': expected a known-size vector of Single with dimensions (C, H, W), got {col.Type}.");
        }

        if (declared is not null)
        {
            if (declared.Channels < 1 || declared.Height < 1 || declared.Width < 1 || declared.Length != vector.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(declared),
                    $"Schema mismatch for input column '{column}': the declared image shape {declared} has {declared.Length} values, the column has {vector.Size}.");
            }

            return (col.Index, declared);
        }

        var dims = vector.Dimensions;
        ImageShape? shape = dims.Length switch
        {
            3 => new ImageShape(dims[0], dims[1], dims[2]),
            2 => new ImageShape(1, dims[0], dims[1]),
            _ => null,
        };
        if (shape is null || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{column}': expected a vector with dimensions (C, H, W), got {col.Type} with dimensions ({string.Join(", ", dims)}). "
                + "For a flat vector column, declare the image's shape in the transform's options: ImageShape = new ImageShape(C, H, W).");
        }

        // ExtractPixels(interleavePixelColors: true) gives (H, W, C): never read it as (C, H, W).
        if (dims.Length == 3 && dims[2] is 1 or 3 or 4 && dims[0] is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{column}': expected dimensions (C, H, W), got ({string.Join(", ", dims)}), which look like (H, W, C) "
                + "(ExtractPixels with interleavePixelColors: true). Extract the pixels with interleavePixelColors: false (the default), which gives (C, H, W).");
        }

        return (col.Index, shape!);
    }

    /// <summary>Transformer-side check of a label column: Int32 or a UInt32 key type.</summary>
    public static int FindLabelColumn(DataViewSchema schema, string column)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find input column '{column}'.");
        bool ok = col.Type == NumberDataViewType.Int32 || (col.Type is KeyDataViewType key && key.RawType == typeof(uint));
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for label column '{column}': expected Int32 or a UInt32 key, got {col.Type}.");
        }

        _ = KeyLabels.Classes(col); // key values that are not class indices fail here, at Fit, not at the first row

        return col.Index;
    }

    /// <summary>Transformer-side check of an id column: an integer scalar (Int32, Int64, UInt32, UInt64) or a key.</summary>
    public static int FindIdColumn(DataViewSchema schema, string column)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find input column '{column}'.");
        if (!IsIdType(col.Type is KeyDataViewType key ? key.RawType : col.Type.RawType) || col.Type is VectorDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for id column '{column}': expected an integer scalar (Int32, Int64, UInt32, UInt64 or a key), got {col.Type}.");
        }

        return col.Index;
    }

    /// <summary>Estimator-side check of an id column.</summary>
    public static void CheckIdColumn(SchemaShape input, string column)
    {
        ArgumentNullException.ThrowIfNull(input);
        var col = input.FirstOrDefault(c => c.Name == column);
        if (col.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Could not find input column '{column}'.");
        }

        if (col.Kind != SchemaShape.Column.VectorKind.Scalar || !IsIdType(col.ItemType.RawType))
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Schema mismatch for id column '{column}': expected an integer scalar (Int32, Int64, UInt32, UInt64 or a key), got {Describe(col)}.");
        }
    }

    private static bool IsIdType(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(ulong);

    /// <summary>Estimator-side check of a label column.</summary>
    public static void CheckLabelColumn(SchemaShape input, string column)
    {
        ArgumentNullException.ThrowIfNull(input);
        var col = input.FirstOrDefault(c => c.Name == column);
        if (col.Name is null)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Could not find input column '{column}'.");
        }

        if (col.Kind != SchemaShape.Column.VectorKind.Scalar || !(col.ItemType == NumberDataViewType.Int32 || col.IsKey))
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Schema mismatch for label column '{column}': expected Int32 or a key type, got {Describe(col)}.");
        }
    }

    private static string Describe(SchemaShape.Column col) =>
        col.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => col.ItemType.ToString() ?? "scalar",
            SchemaShape.Column.VectorKind.VariableVector => $"variable-size vector of {col.ItemType}",
            _ => $"vector of {col.ItemType}",
        };
}
