namespace MlNetFreq.Cluster.Grains;

/// <summary>Lease and retry settings of the job grains (silo side).</summary>
public sealed class ClusterSettings
{
    /// <summary>The grain storage provider that persists jobs (Redis in production, a shared store in tests).</summary>
    public const string Storage = "mlnetfreq-jobs";

    /// <summary>How long a lease lasts without a renewal; workers renew every third of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The folder every job path must lie under (data, labels, model, outputs); null allows any path.</summary>
    public string? Root { get; set; }

    /// <summary>Leases a shard may get before it fails the job (a failure or an expiry each uses one).</summary>
    public int MaxAttempts { get; set; } = 3;
}
