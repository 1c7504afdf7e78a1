namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// Images a <see cref="ModelSession"/> has run through its forward graph and through a gradient graph (forward +
/// backward), counted per image so batches of any size add up; benchmarks read it to relate an attack's wall time to
/// the model's own cost, and the time spent inside ONNX Runtime's runs. Thread-safe.
/// </summary>
public sealed class PassCounter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _forwardCalls = [];
    private readonly Dictionary<int, long> _gradientCalls = [];
    private long _forward;
    private long _gradient;
    private long _runTicks;

    /// <summary>Images run forward only.</summary>
    public long Forward => Interlocked.Read(ref _forward);

    /// <summary>Images run forward and backward.</summary>
    public long Gradient => Interlocked.Read(ref _gradient);

    /// <summary>
    /// Wall time spent inside ONNX Runtime's runs (forward and gradient, from the call to its return): beside an attack's wall
    /// time it tells the attack's own share from the model's, measured in the same run.
    /// </summary>
    public TimeSpan InRuns => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _runTicks));

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
            Interlocked.Exchange(ref _runTicks, 0);
            _forwardCalls.Clear();
            _gradientCalls.Clear();
        }
    }

    internal void AddForward(int images) => Add(ref _forward, _forwardCalls, images);

    internal void AddGradient(int images) => Add(ref _gradient, _gradientCalls, images);

    /// <summary>Runs <paramref name="run"/> (one ONNX Runtime run) and adds its wall time to <see cref="InRuns"/>.</summary>
    internal void TimeRun(Action run) => TimeRun(() =>
    {
        run();
        return true;
    });

    /// <summary>Runs <paramref name="run"/> (one ONNX Runtime run), adds its wall time to <see cref="InRuns"/> and returns its result.</summary>
    internal T TimeRun<T>(Func<T> run)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return run();
        }
        finally
        {
            Interlocked.Add(ref _runTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }
    }

    private void Add(ref long total, Dictionary<int, long> calls, int images)
    {
        Interlocked.Add(ref total, images);
        lock (_gate)
        {
            calls[images] = calls.GetValueOrDefault(images) + 1;
        }
    }
}
