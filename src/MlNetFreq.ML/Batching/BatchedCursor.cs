using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Batching;

/// <summary>
/// Cursor of <see cref="BatchedDataView"/>. When no mapped column is active it forwards to the upstream cursor;
/// otherwise it reads ahead one block of rows, caches their pass-through values and ids, maps the block, and
/// serves the cached rows in order.
/// </summary>
internal sealed class BatchedCursor : DataViewRowCursor
{
    private readonly BatchedDataView _view;
    private readonly DataViewRowCursor _upstream;
    private readonly HashSet<int> _active;
    private readonly bool _mapping;
    private readonly int _inputCount;
    private readonly Dictionary<int, ColumnCache> _caches = [];
    private readonly ValueGetter<DataViewRowId> _upstreamId;
    private readonly ValueGetter<VBuffer<float>>? _image;
    private readonly Func<long, int>? _label;
    private readonly Func<long>? _id;
    private readonly int[] _labels;
    private readonly long[] _identities;
    private readonly DataViewRowId[] _ids;
    private readonly float[] _inputs;
    private readonly float[][] _outputs;
    private VBuffer<float> _imageScratch;
    private int _count;
    private int _slot = -1;
    private long _position = -1;

    public BatchedCursor(BatchedDataView view, DataViewRowCursor upstream, HashSet<int> active, bool mapping)
    {
        _view = view;
        _upstream = upstream;
        _active = active;
        _mapping = mapping;
        _inputCount = upstream.Schema.Count;
        _upstreamId = upstream.GetIdGetter();
        int capacity = mapping ? view.BatchSize : 0;
        _ids = new DataViewRowId[capacity];
        _inputs = new float[capacity * view.Mapper.InputLength];
        _outputs = view.Mapper.Outputs.Select(c => new float[capacity * c.Length]).ToArray();
        _labels = view.LabelColumn >= 0 ? new int[capacity] : [];
        _identities = new long[capacity];
        if (mapping)
        {
            _image = upstream.GetGetter<VBuffer<float>>(upstream.Schema[view.ImageColumn]);
            if (view.LabelColumn >= 0)
            {
                _label = MappedSchema.LabelReader(upstream, upstream.Schema[view.LabelColumn]);
            }

            if (view.IdColumn >= 0)
            {
                _id = MappedSchema.IdReader(upstream, upstream.Schema[view.IdColumn]);
            }

            foreach (int i in active.Where(i => i < _inputCount))
            {
                _caches[i] = ColumnCache.Create(upstream, upstream.Schema[i], capacity);
            }
        }
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override bool MoveNext()
    {
        if (!_mapping)
        {
            bool more = _upstream.MoveNext();
            _position = more ? _position + 1 : _position;
            return more;
        }

        if (_slot + 1 < _count)
        {
            _slot++;
            _position++;
            return true;
        }

        FillBatch();
        if (_count == 0)
        {
            return false;
        }

        _slot = 0;
        _position++;
        return true;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when this cursor was created.");
        }

        Delegate getter;
        if (column.Index >= _inputCount)
        {
            int j = column.Index - _inputCount;
            getter = MappedSchema.OutputGetter(_view.Mapper.Outputs[j], () => _outputs[j], () => _slot);
        }
        else if (_mapping)
        {
            getter = _caches[column.Index].CreateGetter(() => _slot);
        }
        else
        {
            return _upstream.GetGetter<TValue>(_upstream.Schema[column.Index]);
        }

        return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"Column '{column.Name}' holds {column.Type.RawType.Name}, it was asked for as {typeof(TValue).Name}.");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        _mapping ? (ref DataViewRowId value) => value = _ids[_slot] : _upstreamId;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _upstream.Dispose();
        }

        base.Dispose(disposing);
    }

    private void FillBatch()
    {
        int inputLength = _view.Mapper.InputLength;
        string column = _upstream.Schema[_view.ImageColumn].Name;
        _count = 0;
        long firstRow = _upstream.Position + 1;
        while (_count < _ids.Length && _upstream.MoveNext())
        {
            if (_label is not null)
            {
                _labels[_count] = _label(_upstream.Position);
            }

            foreach (var cache in _caches.Values)
            {
                cache.Capture(_count);
            }

            _upstreamId(ref _ids[_count]);
            _identities[_count] = _id?.Invoke() ?? _upstream.Position;
            _image!(ref _imageScratch);
            MappedSchema.CopyImage(_imageScratch, _inputs.AsSpan(_count * inputLength, inputLength), column, _upstream.Position);
            _count++;
        }

        if (_count > 0)
        {
            _view.Mapper.MapBatch(new BatchInput(_inputs, _labels, _count, firstRow, _identities), _outputs);
        }
    }
}
