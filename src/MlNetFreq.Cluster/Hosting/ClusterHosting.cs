using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Workers;

namespace MlNetFreq.Cluster.Hosting;

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

    /// <summary>Job state in PostgreSQL (<see cref="PostgresGrainStorage"/>) through <paramref name="dataSource"/>.</summary>
    public static ISiloBuilder AddPostgresJobStorage(this ISiloBuilder silo, Npgsql.NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(ClusterSettings.Storage,
            (_, _) => new PostgresGrainStorage(dataSource, new JobStateSerializer()));
        return silo;
    }

    /// <summary>
    /// A silo host: job state in PostgreSQL when <paramref name="connection"/> names one; Redis clustering and job storage when <paramref name="connection"/> names a Redis, else localhost
    /// development clustering (silo port <paramref name="siloPort"/>, gateway <paramref name="gatewayPort"/>, the first
    /// silo at 11111 being primary) with job state in memory (or PostgreSQL).
    /// </summary>
    public static IHost Silo(ClusterConnection connection, int siloPort, int gatewayPort, Action<WorkerOptions> workers, Action<ClusterSettings>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Tls is null && !System.Net.IPAddress.IsLoopback(connection.Listen))
        {
            throw new ArgumentException($"--listen {connection.Listen}: a silo on a network address needs --tls-certificate (mutual TLS between the cluster's members).");
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            if (connection.Tls is { } tls)
            {
                silo.UseTls(tls.Certificate, tls.Configure);
            }

            silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ClusterId));
            if (connection.Redis is not null)
            {
                var redis = connection.RedisOptions();
                silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
                if (connection.Postgres is null)
                {
                    silo.AddRedisGrainStorage(ClusterSettings.Storage, o => (o.ConfigurationOptions, o.GrainStorageSerializer) = (redis.Clone(), new JobStateSerializer()));
                }

                silo.ConfigureEndpoints(connection.Listen, siloPort, gatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 11111), connection.ClusterId, connection.ClusterId);
                if (connection.Postgres is null)
                {
                    silo.AddMemoryGrainStorage(ClusterSettings.Storage);
                }
            }

            if (connection.Postgres is not null)
            {
                silo.AddPostgresJobStorage(connection.PostgresDataSource());
            }

            // A silo is declared dead after 2 missed probes of 2 s (Orleans' defaults: 3 of 5 s), so a killed silo's grains
            // move within seconds; its leases are re-issued when they expire (ClusterSettings.LeaseDuration).
            silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(2), 2));
            silo.AddMlNetFreqJobs(settings, workers);
        });
        return builder.Build();
    }

    /// <summary>
    /// A client host for the same cluster (gateway 30000 on this machine for localhost clustering). Starting it retries
    /// an unreachable cluster for <paramref name="connectFor"/> (default 30 s), then fails.
    /// </summary>
    public static IHost Client(ClusterConnection connection, int gatewayPort = 30000, TimeSpan? connectFor = null, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (!verbose)
        {
            // Orleans' own warnings (and their stack traces) are for --verbose: the client's errors are ours, one line each.
            builder.Logging.ClearProviders();
        }

        var deadline = DateTime.UtcNow + (connectFor ?? TimeSpan.FromSeconds(30));
        builder.UseOrleansClient(client =>
        {
            client.UseConnectionRetryFilter(async (_, cancellation) =>
            {
                if (DateTime.UtcNow >= deadline)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                return true;
            });
            if (connection.Tls is { } tls)
            {
                client.UseTls(tls.Certificate, tls.Configure);
            }

            client.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (connection.ClusterId, connection.ClusterId));
            if (connection.Redis is not null)
            {
                var redis = connection.RedisOptions();
                client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            }
            else
            {
                client.UseLocalhostClustering(gatewayPort, connection.ClusterId, connection.ClusterId);
            }
        });
        return builder.Build();
    }
}
