namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// Images a <see cref="ModelSession"/> has run through its forward graph and through a gradient graph (forward +
/// backward), counted per image so batches of any size add up; benchmarks read it to relate an attack's wall time to
/// the model's own cost. Thread-safe.
/// </summary>
public sealed class PassCounter
{
    private long _forward;
    private long _gradient;

    /// <summary>Images run forward only.</summary>
    public long Forward => Interlocked.Read(ref _forward);

    /// <summary>Images run forward and backward.</summary>
    public long Gradient => Interlocked.Read(ref _gradient);

    /// <summary>Sets both counts to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _forward, 0);
        Interlocked.Exchange(ref _gradient, 0);
    }

    internal void AddForward(long images) => Interlocked.Add(ref _forward, images);

    internal void AddGradient(long images) => Interlocked.Add(ref _gradient, images);
}
