namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// Images a <see cref="ModelSession"/> has run through its forward graph and through a gradient graph (forward +
/// backward), counted per image so batches of any size add up; benchmarks read it to relate an attack's wall time to
/// the model's own cost. Thread-safe.
/// </summary>
public sealed class PassCounter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _forwardCalls = [];
    private readonly Dictionary<int, long> _gradientCalls = [];
    private long _forward;
    private long _gradient;

    /// <summary>Images run forward only.</summary>
    public long Forward => Interlocked.Read(ref _forward);

    /// <summary>Images run forward and backward.</summary>
    public long Gradient => Interlocked.Read(ref _gradient);

    /// <summary>Forward runs by batch size: how many ONNX Runtime runs had each number of images (a benchmark times each size).</summary>
    public IReadOnlyDictionary<int, long> ForwardRuns
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, long>(_forwardCalls);
            }
        }
    }

    /// <summary>Gradient runs by batch size.</summary>
    public IReadOnlyDictionary<int, long> GradientRuns
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, long>(_gradientCalls);
            }
        }
    }

    /// <summary>Sets every count to zero.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _forward, 0);
            Interlocked.Exchange(ref _gradient, 0);
            _forwardCalls.Clear();
            _gradientCalls.Clear();
        }
    }

    internal void AddForward(int images) => Add(ref _forward, _forwardCalls, images);

    internal void AddGradient(int images) => Add(ref _gradient, _gradientCalls, images);

    private void Add(ref long total, Dictionary<int, long> calls, int images)
    {
        Interlocked.Add(ref total, images);
        lock (_gate)
        {
            calls[images] = calls.GetValueOrDefault(images) + 1;
        }
    }
}
