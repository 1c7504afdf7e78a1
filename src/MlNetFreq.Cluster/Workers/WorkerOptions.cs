namespace MlNetFreq.Cluster.Workers;

/// <summary>How a silo's workers pull and run shards.</summary>
public sealed class WorkerOptions
{
    /// <summary>Shards computed at once on this silo (each on its own thread, off the Orleans scheduler).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>ONNX Runtime intra-op threads per model session (0: one per logical processor).</summary>
    public int Threads { get; set; }

    /// <summary>Pause before asking again when no job has a shard to lease.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a running shard's lease is renewed (a third of the lease duration is safe).</summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(20);
}
