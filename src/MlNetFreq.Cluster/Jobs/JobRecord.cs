namespace MlNetFreq.Cluster.Jobs;

/// <summary>What the job grain persists: the definition and every shard's state.</summary>
[GenerateSerializer]
public sealed class JobRecord
{
    /// <summary>The job; null before submission.</summary>
    [Id(0)] public JobDefinition? Definition { get; set; }

    /// <summary>One entry per shard.</summary>
    [Id(1)] public ShardRecord[] Shards { get; set; } = [];

    /// <summary>Set by a cancel.</summary>
    [Id(2)] public bool Cancelled { get; set; }

    /// <summary>Leases that expired and were issued again (recovery count).</summary>
    [Id(3)] public int Reissued { get; set; }
}

/// <summary>A shard's state.</summary>
public enum ShardStatus
{
    /// <summary>Not leased yet, or its lease expired.</summary>
    Pending,

    /// <summary>A worker holds it.</summary>
    Leased,

    /// <summary>Its file is written.</summary>
    Done,

    /// <summary>It failed as often as the retry limit allows.</summary>
    Failed,
}

/// <summary>One shard's state: status, current lease, attempts and the last error.</summary>
[GenerateSerializer]
public sealed class ShardRecord
{
    /// <summary>Status.</summary>
    [Id(0)] public ShardStatus Status { get; set; }

    /// <summary>The current lease.</summary>
    [Id(1)] public Guid Token { get; set; }

    /// <summary>When the current lease ends unless renewed.</summary>
    [Id(2)] public DateTime ExpiresUtc { get; set; }

    /// <summary>Leases issued so far.</summary>
    [Id(3)] public int Attempts { get; set; }

    /// <summary>The last failure.</summary>
    [Id(4)] public string? Error { get; set; }
}
