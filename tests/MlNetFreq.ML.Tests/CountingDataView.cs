using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Tests;

/// <summary>A lazily generated view (column "Image": Single[length], flat unless dimensions are given) that counts the rows read.</summary>
internal sealed class CountingDataView : IDataView
{
    private readonly int _rows;
    private readonly int _length;

    public CountingDataView(int rows, int length, int[]? dims = null)
    {
        _rows = rows;
        _length = length;
        var b = new DataViewSchema.Builder();
        b.AddColumn("Image", new VectorDataViewType(NumberDataViewType.Single, dims ?? [length]));
        Schema = b.ToSchema();
    }

    public int RowsRead { get; private set; }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(CountingDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._rows)
            {
                return false;
            }

            _position++;
            view.RowsRead++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ValueGetter<TValue>)(Delegate)(ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, view._length);
                for (int i = 0; i < view._length; i++)
                {
                    editor.Values[i] = (_position + i) % 17 / 17f;
                }

                value = editor.Commit();
            });

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId v) => v = new DataViewRowId((ulong)_position, 0);
    }
}
