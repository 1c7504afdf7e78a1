using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Batching;

/// <summary>
/// The batch-of-one mapper that <see cref="PredictionEngine{TSrc,TDst}"/> and other row-to-row consumers use:
/// mapped columns are computed lazily, once per input row position.
/// </summary>
internal sealed class SingleRowMapper : IRowToRowMapper
{
    private readonly BatchImageMapper _mapper;
    private readonly int _imageColumn;
    private readonly int _labelColumn;
    private readonly int _idColumn;

    public SingleRowMapper(DataViewSchema inputSchema, BatchImageMapper mapper, int imageColumn, int labelColumn, int idColumn)
    {
        InputSchema = inputSchema;
        _mapper = mapper;
        _imageColumn = imageColumn;
        _labelColumn = labelColumn;
        _idColumn = idColumn;
        OutputSchema = MappedSchema.Build(inputSchema, mapper);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var result = new HashSet<int>();
        foreach (var c in dependingColumns)
        {
            if (c.Index < InputSchema.Count)
            {
                result.Add(c.Index);
                continue;
            }

            result.Add(_imageColumn);
            if (_labelColumn >= 0)
            {
                result.Add(_labelColumn);
            }

            if (_idColumn >= 0)
            {
                result.Add(_idColumn);
            }
        }

        return result.Select(i => InputSchema[i]).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new MappedRow(this, input, new HashSet<int>(activeColumns.Select(c => c.Index)));

    private sealed class MappedRow : DataViewRow
    {
        private readonly SingleRowMapper _owner;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly float[] _image;
        private readonly float[][] _outputs;
        private readonly ValueGetter<VBuffer<float>>? _imageGetter;
        private readonly Func<long, int>? _label;
        private readonly Func<long>? _id;
        private VBuffer<float> _scratch;
        private long _computedAt = -1;

        public MappedRow(SingleRowMapper owner, DataViewRow input, HashSet<int> active)
        {
            _owner = owner;
            _input = input;
            _active = active;
            _image = new float[owner._mapper.InputLength];
            _outputs = owner._mapper.Outputs.Select(c => new float[c.Length]).ToArray();
            if (active.Any(i => i >= owner.InputSchema.Count))
            {
                _imageGetter = input.GetGetter<VBuffer<float>>(input.Schema[owner._imageColumn]);
                if (owner._labelColumn >= 0)
                {
                    _label = MappedSchema.LabelReader(input, input.Schema[owner._labelColumn]);
                }

                if (owner._idColumn >= 0)
                {
                    _id = MappedSchema.IdReader(input, input.Schema[owner._idColumn]);
                }
            }
        }

        public override DataViewSchema Schema => _owner.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _owner.InputSchema.Count)
            {
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            }

            int j = column.Index - _owner.InputSchema.Count;
            var getter = MappedSchema.OutputGetter(_owner._mapper.Outputs[j], () => { EnsureComputed(); return _outputs[j]; }, () => 0);
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type.RawType.Name}, it was asked for as {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        // A row served alone (a PredictionEngine call) has no stable position: without an id column its identity is a hash
        // of its pixels and label (FNV-1a over their bits), non-negative so it never collides with the seeds' other inputs.
        private static long ContentIdentity(float[] image, int[] labels)
        {
            ulong h = 14695981039346656037UL;
            foreach (float v in image)
            {
                h = (h ^ BitConverter.SingleToUInt32Bits(v)) * 1099511628211UL;
            }

            foreach (int l in labels)
            {
                h = (h ^ (uint)l) * 1099511628211UL;
            }

            return (long)(h >> 1);
        }

        private void EnsureComputed()
        {
            if (_computedAt == _input.Position)
            {
                return;
            }

            _imageGetter!(ref _scratch);
            MappedSchema.CopyImage(_scratch, _image, _input.Schema[_owner._imageColumn].Name, _input.Position);
            int[] labels = _label is null ? [] : [_label(_input.Position)];
            _owner._mapper.MapBatch(new BatchInput(_image, labels, 1, _input.Position, [_id?.Invoke() ?? ContentIdentity(_image, labels)]), _outputs);
            _computedAt = _input.Position;
        }
    }
}
