using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Batching;

/// <summary>
/// Holds one pass-through column's values for every row of a batch, so that the rows can be served after the
/// upstream cursor has moved on. Values are deep copies, and getters copy into the caller's buffer: ML.NET reads
/// ahead on worker threads, so handing out aliases of batch storage would corrupt rows.
/// </summary>
internal abstract class ColumnCache
{
    public static ColumnCache Create(DataViewRowCursor upstream, DataViewSchema.Column column, int capacity)
    {
        Type cacheType = column.Type is VectorDataViewType vector
            ? typeof(VectorCache<>).MakeGenericType(vector.ItemType.RawType)
            : typeof(ScalarCache<>).MakeGenericType(column.Type.RawType);
        return (ColumnCache)Activator.CreateInstance(cacheType, upstream, column, capacity)!;
    }

    public abstract void Capture(int slot);

    public abstract Delegate CreateGetter(Func<int> currentSlot);

    private sealed class VectorCache<T> : ColumnCache
    {
        private readonly ValueGetter<VBuffer<T>> _source;
        private readonly VBuffer<T>[] _slots;
        private VBuffer<T> _scratch;

        public VectorCache(DataViewRowCursor upstream, DataViewSchema.Column column, int capacity)
        {
            _source = upstream.GetGetter<VBuffer<T>>(column);
            _slots = new VBuffer<T>[capacity];
        }

        public override void Capture(int slot)
        {
            _source(ref _scratch);
            _scratch.CopyTo(ref _slots[slot]);
        }

        public override Delegate CreateGetter(Func<int> currentSlot) =>
            (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _slots[currentSlot()].CopyTo(ref value));
    }

    private sealed class ScalarCache<T> : ColumnCache
    {
        private readonly ValueGetter<T> _source;
        private readonly T[] _slots;

        public ScalarCache(DataViewRowCursor upstream, DataViewSchema.Column column, int capacity)
        {
            _source = upstream.GetGetter<T>(column);
            _slots = new T[capacity];
        }

        public override void Capture(int slot) => _source(ref _slots[slot]);

        public override Delegate CreateGetter(Func<int> currentSlot) =>
            (ValueGetter<T>)((ref T value) => value = _slots[currentSlot()]);
    }
}
