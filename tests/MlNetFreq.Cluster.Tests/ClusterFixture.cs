using Microsoft.Extensions.DependencyInjection;
using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Workers;
using MlNetFreq.Cluster.Hosting;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// Three in-process silos with shard workers, short leases (2 s) and fast failure detection (probes every 0.5 s, a
/// silo declared dead after 2 missed probes), sharing one job store outside the silos.
/// </summary>
internal static class ClusterFixture
{
    /// <summary>Starts the silos; <paramref name="jobStorage"/> replaces the shared in-memory job store (e.g. PostgreSQL).</summary>
    public static async Task<(InProcessTestCluster Cluster, SharedGrainStorage Storage)> StartAsync(int silos = 3, int maxAttempts = 3, string? root = null,
        Action<Orleans.Hosting.ISiloBuilder>? jobStorage = null)
    {
        var storage = new SharedGrainStorage();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (jobStorage is null)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterSettings.Storage, storage);
            }
            else
            {
                jobStorage(silo);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.AddMlNetFreqJobs(
                s => { s.LeaseDuration = TimeSpan.FromSeconds(2); s.MaxAttempts = maxAttempts; s.Root = root; },
                w => { w.Threads = 1; w.RenewEvery = TimeSpan.FromMilliseconds(500); w.IdleDelay = TimeSpan.FromMilliseconds(50); });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return (cluster, storage);
    }
}
