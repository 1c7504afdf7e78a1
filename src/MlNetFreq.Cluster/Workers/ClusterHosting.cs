using Microsoft.Extensions.DependencyInjection;
using MlNetFreq.Cluster.Grains;

namespace MlNetFreq.Cluster.Workers;

/// <summary>Adds MlNetFreq's job grains' settings and a silo's shard workers.</summary>
public static class ClusterHosting
{
    /// <summary>Job grain settings and <paramref name="workers"/> (work-pulling shard workers) on this silo.</summary>
    public static ISiloBuilder AddMlNetFreqJobs(this ISiloBuilder silo, Action<ClusterSettings>? settings = null, Action<WorkerOptions>? workers = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.Configure(settings ?? (_ => { }));
        silo.Services.Configure(workers ?? (_ => { }));
        silo.Services.AddSingleton<ShardWorker>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<ShardWorker>());
        return silo;
    }
}
