using Microsoft.Extensions.Options;
using MlNetFreq.Cluster.Jobs;

namespace MlNetFreq.Cluster.Grains;

/// <summary>
/// The shard table of one job, persisted on every change of state (submit, lease, completion, failure, cancel) so the
/// job survives the loss of the silo that hosts it; renewals only move the in-memory expiry (after a move the persisted
/// expiry may re-issue a shard that is still computing: its second result is the same file, written once).
/// </summary>
public sealed class JobGrain(
    [PersistentState("job", ClusterSettings.Storage)] IPersistentState<JobRecord> state,
    IOptions<ClusterSettings> settings,
    IGrainFactory grains) : Grain, IJobGrain
{
    private readonly ClusterSettings _settings = settings.Value;

    private JobRecord Record => state.State;

    /// <inheritdoc />
    public async Task<JobStatus> Submit(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_settings.Root is { } root)
        {
            JobPaths.Confine(job, root);
        }

        if (Record.Definition is { } existing)
        {
            if (existing != job)
            {
                throw new ArgumentException($"Job '{this.GetPrimaryKeyString()}' exists with another definition; submit it under a new id.");
            }

            // Resubmitting resumes: a cancel is lifted and failed shards get their retries back (the cause may be fixed);
            // finished shards stay finished.
            if (Record.Cancelled || Record.Shards.Any(x => x.Status == ShardStatus.Failed))
            {
                Record.Cancelled = false;
                foreach (var shard in Record.Shards.Where(x => x.Status == ShardStatus.Failed))
                {
                    (shard.Status, shard.Attempts, shard.Error) = (ShardStatus.Pending, 0, null);
                }

                await state.WriteStateAsync();
            }
        }
        else
        {
            Record.Definition = job;
            Record.Shards = Enumerable.Range(0, job.ShardCount).Select(_ => new ShardRecord()).ToArray();
            await state.WriteStateAsync();
        }

        if (State() == JobState.Running)
        {
            await grains.GetGrain<IJobDirectoryGrain>(0).Add(this.GetPrimaryKeyString());
        }

        return Snapshot();
    }

    /// <inheritdoc />
    public async Task<Lease?> TryLease(string worker)
    {
        if (Record.Definition is not { } job || State() != JobState.Running)
        {
            return null;
        }

        var now = DateTime.UtcNow;
        for (int i = 0; i < Record.Shards.Length; i++)
        {
            var shard = Record.Shards[i];
            bool expired = shard.Status == ShardStatus.Leased && shard.ExpiresUtc < now;
            if (shard.Status != ShardStatus.Pending && !expired)
            {
                continue;
            }

            if (expired)
            {
                Record.Reissued++;
                if (shard.Attempts >= _settings.MaxAttempts)
                {
                    shard.Status = ShardStatus.Failed;
                    shard.Error ??= $"its lease expired {shard.Attempts} times (a worker died or stalled each time)";
                    await state.WriteStateAsync();
                    continue;
                }
            }

            shard.Status = ShardStatus.Leased;
            shard.Token = Guid.NewGuid();
            shard.ExpiresUtc = now + _settings.LeaseDuration;
            shard.Attempts++;
            await state.WriteStateAsync();
            return new Lease(this.GetPrimaryKeyString(), job, job.Shard(i), shard.Token, shard.ExpiresUtc);
        }

        return null;
    }

    /// <inheritdoc />
    public Task<bool> Renew(Guid token)
    {
        if (Find(token) is not { } shard || State() != JobState.Running)
        {
            return Task.FromResult(false);
        }

        shard.ExpiresUtc = DateTime.UtcNow + _settings.LeaseDuration;
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async Task Complete(Guid token)
    {
        if (Find(token) is { } shard)
        {
            shard.Status = ShardStatus.Done;
            await state.WriteStateAsync();
            await Retire();
        }
    }

    /// <inheritdoc />
    public async Task Fail(Guid token, string error)
    {
        if (Find(token) is { } shard)
        {
            shard.Error = error;
            shard.Status = shard.Attempts >= _settings.MaxAttempts ? ShardStatus.Failed : ShardStatus.Pending;
            await state.WriteStateAsync();
            await Retire();
        }
    }

    /// <inheritdoc />
    public Task<JobStatus> Status() => Task.FromResult(Snapshot());

    /// <inheritdoc />
    public async Task Cancel()
    {
        Record.Cancelled = true;
        await state.WriteStateAsync();
        await Retire();
    }

    private JobStatus Snapshot()
    {
        var job = Record.Definition;
        var shards = Record.Shards;
        int done = shards.Count(s => s.Status == ShardStatus.Done);
        int imagesDone = job is null ? 0 : shards.Select((s, i) => s.Status == ShardStatus.Done ? job.Shard(i).Count : 0).Sum();
        var errors = shards.Select((s, i) => s.Error is null ? null : $"shard {i}: {s.Error}").OfType<string>().ToArray();
        return new JobStatus(State(), shards.Length, done, shards.Count(s => s.Status == ShardStatus.Leased), job?.Images ?? 0, imagesDone, errors, Record.Reissued);
    }

    private ShardRecord? Find(Guid token) => Record.Shards.FirstOrDefault(s => s.Status == ShardStatus.Leased && s.Token == token);

    private JobState State() =>
        Record.Cancelled ? JobState.Cancelled
        : Record.Shards.Any(s => s.Status == ShardStatus.Failed) ? JobState.Failed
        : Record.Shards.Length > 0 && Record.Shards.All(s => s.Status == ShardStatus.Done) ? JobState.Done
        : JobState.Running;

    private async Task Retire()
    {
        if (State() != JobState.Running)
        {
            await grains.GetGrain<IJobDirectoryGrain>(0).Remove(this.GetPrimaryKeyString());
        }
    }
}

/// <summary>The running jobs, persisted.</summary>
public sealed class JobDirectoryGrain([PersistentState("directory", ClusterSettings.Storage)] IPersistentState<HashSet<string>> state) : Grain, IJobDirectoryGrain
{
    /// <inheritdoc />
    public async Task Add(string jobId)
    {
        if (state.State.Add(jobId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task Remove(string jobId)
    {
        if (state.State.Remove(jobId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<string[]> Running() => Task.FromResult(state.State.Order(StringComparer.Ordinal).ToArray());
}
