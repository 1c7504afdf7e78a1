using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Operations;

namespace MlNetFreq.Cluster.Workers;

/// <summary>
/// A silo's workers: each pulls a lease from a running job (work pulling, so a slow machine takes less), computes the
/// shard on a dedicated thread (a grain call never waits on the work), renews the lease while it runs, writes the shard
/// folder by rename and reports completion — or the error, which the job grain counts against its retry limit.
/// </summary>
public sealed partial class ShardWorker(IGrainFactory grains, IOptions<WorkerOptions> options, IOptions<ClusterSettings> settings, ILogger<ShardWorker> log) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;

    // This silo's own root: every leased job's paths are confined to it when the shard runs, whatever silo accepted
    // the job and whatever its stored state says.
    private readonly string? _root = settings.Value.Root;
    private readonly string _name = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private ShardInputs? _inputs;

    /// <summary>Shards this silo finished (for tests and the demo's bookkeeping).</summary>
    public int Finished => _finished;

    private int _finished;
    private int _computing;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _inputs = new ShardInputs { Threads = _options.Threads };
        var loops = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(i => Loop($"{_name}#{i}", stoppingToken)).ToArray();
        await Task.WhenAll(loops);
    }

    private async Task Loop(string worker, CancellationToken stop)
    {
        var directory = grains.GetGrain<IJobDirectoryGrain>(0);
        while (!stop.IsCancellationRequested)
        {
            Lease? lease = null;
            try
            {
                foreach (string id in await directory.Running())
                {
                    lease = await grains.GetGrain<IJobGrain>(id).TryLease(worker);
                    if (lease is not null)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException && !stop.IsCancellationRequested)
            {
                LogPullFailed(log, ex);
            }

            if (lease is null)
            {
                await Delay(_options.IdleDelay, stop);
                continue;
            }

            await Work(lease, stop);
        }
    }

    private async Task Work(Lease lease, CancellationToken stop)
    {
        var job = grains.GetGrain<IJobGrain>(lease.JobId);
        var operation = ShardOperations.Get(lease.Job.Operation);
        Interlocked.Increment(ref _computing);
        var compute = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    if (_root is { } root)
                    {
                        JobPaths.Confine(lease.Job, root);
                    }

                    ShardFiles.Write(lease.Job, lease.Shard.Index, folder => operation.Run(lease.Job, _inputs!, lease.Shard, folder));
                }
                finally
                {
                    Interlocked.Decrement(ref _computing);
                }
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        while (!compute.IsCompleted)
        {
            var tick = Delay(_options.RenewEvery, stop);
            await Task.WhenAny(compute, tick);
            if (!compute.IsCompleted && !stop.IsCancellationRequested && !await Renewed(job, lease))
            {
                // Cancelled or re-issued: the shard's folder, if this computation still writes it, is the same result.
                break;
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }
        }

        string? error = null;
        try
        {
            await compute;
            Interlocked.Increment(ref _finished);
        }
        catch (Exception ex)
        {
            error = ex.InnerException?.Message ?? ex.Message;
            LogShardFailed(log, lease.JobId, lease.Shard.Index, ex);
        }

        try
        {
            await (error is null ? job.Complete(lease.Token) : job.Fail(lease.Token, error));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // The job grain's silo is gone: the lease expires and the shard is re-issued; its folder is already written
            // (or the failure recurs), so nothing is lost.
            LogReportFailed(log, lease.JobId, lease.Shard.Index, ex);
        }
    }

    private async Task<bool> Renewed(IJobGrain job, Lease lease)
    {
        try
        {
            return await job.Renew(lease.Token);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogRenewFailed(log, lease.JobId, lease.Shard.Index, ex);
            return true; // a transient failure: keep computing; the lease may expire and be re-issued, which is safe
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // A computation may outlive the silo's shutdown (a kill does not wait for it): its model sessions must stay
        // alive under it, so they are released only when nothing computes (else with the process).
        if (Volatile.Read(ref _computing) == 0)
        {
            _inputs?.Dispose();
        }

        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling a lease failed")]
    private static partial void LogPullFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} shard {Shard} failed")]
    private static partial void LogShardFailed(ILogger logger, string job, int shard, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting job {Job} shard {Shard} failed; its lease will expire and be re-issued")]
    private static partial void LogReportFailed(ILogger logger, string job, int shard, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing job {Job} shard {Shard} failed")]
    private static partial void LogRenewFailed(ILogger logger, string job, int shard, Exception ex);
}
