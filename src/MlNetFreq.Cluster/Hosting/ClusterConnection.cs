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

    /// <summary>Environment variable holding the PostgreSQL password.</summary>
    public const string PostgresPasswordVariable = "MLNETFREQ_POSTGRES_PASSWORD";

    /// <summary>Environment variable naming a file that holds the PostgreSQL password.</summary>
    public const string PostgresPasswordFileVariable = "MLNETFREQ_POSTGRES_PASSWORD_FILE";

    /// <summary>
    /// A PostgreSQL connection string without its password (<c>Host=…;Port=…;Database=…;Username=…</c>) for job state
    /// instead of Redis or memory, or null.
    /// </summary>
    public string? Postgres { get; init; }

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

    /// <summary>
    /// The PostgreSQL data source with its password from the environment, checked: a password, or a server on this
    /// machine with <see cref="InsecureLocalhost"/>; a password written into the connection string is refused.
    /// </summary>
    public Npgsql.NpgsqlDataSource PostgresDataSource(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string text = Postgres ?? throw new InvalidOperationException("No PostgreSQL connection string.");
        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            // The text is not shown: a string that does not parse may still hold a password.
            throw new ArgumentException($"--postgres: expected a connection string like Host=127.0.0.1;Port=5432;Database=mlnetfreq;Username=mlnetfreq, found one that does not parse ({ex.Message.Split('\n')[0]}).", ex);
        }

        if (builder.Password is not null)
        {
            throw new ArgumentException($"--postgres: the connection string holds a password; put it in {PostgresPasswordVariable} or {PostgresPasswordFileVariable} instead (a command line is visible to every user of the machine).");
        }

        string? password = Secrets.Read(environment, PostgresPasswordVariable, PostgresPasswordFileVariable, "PostgreSQL");
        if (string.IsNullOrEmpty(password))
        {
            bool local = builder.Host is { } host && host.Split(',').All(h => h is "localhost" || h.StartsWith('/') || (System.Net.IPAddress.TryParse(h, out var a) && System.Net.IPAddress.IsLoopback(a)));
            if (!InsecureLocalhost || !local)
            {
                throw new ArgumentException($"--postgres {text}: expected credentials in {PostgresPasswordVariable} or {PostgresPasswordFileVariable}, found none"
                    + (local ? "; pass --insecure-localhost to use a local server without a password." : "; a server on another machine always needs a password."));
            }
        }
        else
        {
            builder.Password = password;
        }

        return Npgsql.NpgsqlDataSource.Create(builder);
    }

    /// <summary>The Redis configuration with its credentials, checked: a password, or a loopback Redis with <see cref="InsecureLocalhost"/>.</summary>
    public ConfigurationOptions RedisOptions(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string endpoint = Redis ?? throw new InvalidOperationException("No Redis endpoint: localhost clustering is in use.");
        if (endpoint.Contains(',', StringComparison.Ordinal) || endpoint.Contains('=', StringComparison.Ordinal))
        {
            // Not shown: a configuration string may hold a password, and a refusal must not print it to a log.
            throw new ArgumentException($"--redis: expected HOST:PORT alone (the password comes from {PasswordVariable} or {PasswordFileVariable}), found a configuration string with options; it is not shown, as it may hold a password.");
        }

        var options = ConfigurationOptions.Parse(endpoint);
        string? password = Secrets.Read(environment, PasswordVariable, PasswordFileVariable, "Redis");

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

    /// <summary>
    /// Connects to the Redis once, within <paramref name="timeout"/> (default 5 s), so that a client whose Redis is down
    /// or refuses its password hears that, by name, at once — not after the Orleans client's 30 s of retries.
    /// </summary>
    public void ProbeRedis(TimeSpan? timeout = null)
    {
        var options = RedisOptions();
        int ms = (int)(timeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        (options.ConnectTimeout, options.SyncTimeout, options.ConnectRetry) = (ms, ms, 0);
        try
        {
            using var redis = ConnectionMultiplexer.Connect(options);
            redis.GetDatabase().Ping();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new InvalidOperationException($"--redis {Redis}: could not connect to Redis within {ms / 1000.0:0.#} s (is it running and reachable, and is its password the one in {PasswordVariable}?): {ex.Message.Split('\n')[0]}", ex);
        }
    }
}
