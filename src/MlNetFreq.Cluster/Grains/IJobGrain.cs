using MlNetFreq.Cluster.Jobs;

namespace MlNetFreq.Cluster.Grains;

/// <summary>
/// Owns one job's shard table and leases (keyed by the job id). Calls are short bookkeeping; the work runs in workers.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job, or resumes it (lifting a cancel, retrying failed shards) when the same definition was submitted before; another definition is refused.</summary>
    Task<JobStatus> Submit(JobDefinition job);

    /// <summary>The next pending (or expired) shard for <paramref name="worker"/>, or null.</summary>
    Task<Lease?> TryLease(string worker);

    /// <summary>Extends a lease; false when it is no longer the shard's current lease (expired and re-issued, or the job ended).</summary>
    Task<bool> Renew(Guid token);

    /// <summary>Marks the leased shard done (its file is written).</summary>
    Task Complete(Guid token);

    /// <summary>Records a failure; the shard is leased again until the retry limit, then the job fails.</summary>
    Task Fail(Guid token, string error);

    /// <summary>Where the job stands.</summary>
    Task<JobStatus> Status();

    /// <summary>Stops leasing; workers' renewals fail, so they stop too.</summary>
    Task Cancel();
}

/// <summary>The jobs workers should pull from (one grain, key 0).</summary>
public interface IJobDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a running job.</summary>
    Task Add(string jobId);

    /// <summary>Removes a finished job.</summary>
    Task Remove(string jobId);

    /// <summary>The running jobs.</summary>
    Task<string[]> Running();
}
