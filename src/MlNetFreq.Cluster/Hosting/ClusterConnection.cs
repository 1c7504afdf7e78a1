using StackExchange.Redis;

namespace MlNetFreq.Cluster.Hosting;

/// <summary>
/// How silos and clients find each other and where jobs persist: Redis (membership and job state; real multi-process
/// and multi-machine runs) or localhost development clustering (one machine, job state in memory). Redis needs a
/// password from the environment (<c>MLNETFREQ_REDIS_PASSWORD</c>, or a file named by <c>MLNETFREQ_REDIS_PASSWORD_FILE</c>) —
/// never from the command line — unless <see cref="InsecureLocalhost"/> is set for a Redis on this machine.
/// </summary>
public sealed record ClusterConnection
{
    /// <summary>Environment variable holding the Redis password.</summary>
    public const string PasswordVariable = "MLNETFREQ_REDIS_PASSWORD";

    /// <summary>Environment variable naming a file that holds the Redis password.</summary>
    public const string PasswordFileVariable = "MLNETFREQ_REDIS_PASSWORD_FILE";

    /// <summary>Redis as host:port, or null for localhost development clustering.</summary>
    public string? Redis { get; init; }

    /// <summary>Allow a Redis without a password, on a loopback address only (one-machine development).</summary>
    public bool InsecureLocalhost { get; init; }

    /// <summary>The address a silo listens on and advertises to the others (Redis clustering); loopback for one machine.</summary>
    public System.Net.IPAddress Listen { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>Mutual TLS between the cluster's members, or null (one machine only: a silo that listens on a network address requires it).</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Cluster id (silos and clients of one cluster share it).</summary>
    public string ClusterId { get; init; } = "mlnetfreq";

    /// <summary>The Redis configuration with its credentials, checked: a password, or a loopback Redis with <see cref="InsecureLocalhost"/>.</summary>
    public ConfigurationOptions RedisOptions(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string endpoint = Redis ?? throw new InvalidOperationException("No Redis endpoint: localhost clustering is in use.");
        var options = ConfigurationOptions.Parse(endpoint);
        string? password = environment(PasswordVariable);
        if (password is null && environment(PasswordFileVariable) is { } file)
        {
            password = File.Exists(file) ? File.ReadAllText(file).Trim() : throw new FileNotFoundException($"{PasswordFileVariable}={file}: expected a file holding the Redis password, found nothing there.", file);
        }

        if (string.IsNullOrEmpty(password))
        {
            bool loopback = options.EndPoints.All(e => e is System.Net.DnsEndPoint { Host: "localhost" } || (e is System.Net.IPEndPoint ip && System.Net.IPAddress.IsLoopback(ip.Address)));
            if (!InsecureLocalhost || !loopback)
            {
                throw new ArgumentException($"--redis {endpoint}: expected credentials in {PasswordVariable} or {PasswordFileVariable}, found none"
                    + (loopback ? "; pass --insecure-localhost to use a local Redis without a password." : "; a Redis on another machine always needs a password."));
            }
        }
        else
        {
            options.Password = password;
        }

        options.AbortOnConnectFail = true;
        return options;
    }
}
