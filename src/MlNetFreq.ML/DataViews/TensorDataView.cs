using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Tensors;

namespace MlNetFreq.ML.DataViews;

/// <summary>
/// An <see cref="IDataView"/> over images in memory: column <c>Image</c>, Single[C·H·W] with dimensions (C, H, W),
/// and, when labels are given, column <c>Label</c> (Int32). Rows are served in order, or shuffled when asked.
/// </summary>
public sealed class TensorDataView : IDataView
{
    /// <summary>Name of the image column.</summary>
    public const string ImageColumn = "Image";

    /// <summary>Name of the label column.</summary>
    public const string LabelColumn = "Label";

    private readonly LabeledImages _data;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    public TensorDataView(LabeledImages data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Labels is { } labels && labels.Length != data.Images.Shape.N)
        {
            throw new ArgumentException($"Expected one label per image ({data.Images.Shape.N}), found {labels.Length} labels.", nameof(data));
        }

        _data = data;
        var s = data.Images.Shape;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(ImageColumn, new VectorDataViewType(NumberDataViewType.Single, s.C, s.H, s.W));
        if (data.Labels is not null)
        {
            builder.AddColumn(LabelColumn, NumberDataViewType.Int32);
        }

        Schema = builder.ToSchema();
    }

    /// <summary>Wraps images without labels.</summary>
    public TensorDataView(ImageTensor images)
        : this(new LabeledImages(images, null))
    {
    }

    /// <inheritdoc />
    public bool CanShuffle => true;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => _data.Images.Shape.N;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int n = _data.Images.Shape.N;
        int[] order = Enumerable.Range(0, n).ToArray();
        rand?.Shuffle(order);
        return new Cursor(this, order, new HashSet<int>(columnsNeeded.Select(c => c.Index)));
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(TensorDataView view, int[] order, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private int Row => order[_position];

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= order.Length)
            {
                _position = order.Length;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when this cursor was created.");
            }

            Delegate getter = column.Index == 0
                ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var images = view._data.Images;
                    var editor = VBufferEditor.Create(ref value, images.Shape.ImageLength);
                    images.Image(Row).CopyTo(editor.Values);
                    value = editor.Commit();
                })
                : (ValueGetter<int>)((ref int value) => value = view._data.Labels![Row]);
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type.RawType.Name}, it was asked for as {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Row, 0);
    }
}
