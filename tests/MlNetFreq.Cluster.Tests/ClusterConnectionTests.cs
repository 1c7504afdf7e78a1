using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlNetFreq.Cluster.Hosting;

namespace MlNetFreq.Cluster.Tests;

/// <summary>Redis credentials: from the environment or a file, never optional except for a local development Redis.</summary>
public sealed class ClusterConnectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) => name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void ARedisWithoutCredentialsIsRefusedUnlessLocalAndAllowed()
    {
        var remote = new ClusterConnection { Redis = "redis.example:6379", InsecureLocalhost = true };
        Assert.Contains("a Redis on another machine always needs a password", Assert.Throws<ArgumentException>(() => remote.RedisOptions(Env())).Message, StringComparison.Ordinal);
        var local = new ClusterConnection { Redis = "127.0.0.1:6379" };
        Assert.Contains("pass --insecure-localhost", Assert.Throws<ArgumentException>(() => local.RedisOptions(Env())).Message, StringComparison.Ordinal);
        Assert.Null((local with { InsecureLocalhost = true }).RedisOptions(Env()).Password);
        Assert.Equal("s3cret", remote.RedisOptions(Env((ClusterConnection.PasswordVariable, "s3cret"))).Password);

        string file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file\n");
        Assert.Equal("from-file", remote.RedisOptions(Env((ClusterConnection.PasswordFileVariable, file))).Password);
        File.Delete(file);
        Assert.Contains(ClusterConnection.PasswordFileVariable, Assert.Throws<FileNotFoundException>(() => remote.RedisOptions(Env((ClusterConnection.PasswordFileVariable, file)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APasswordOnTheCommandLineIsRefusedAndNeverEchoed()
    {
        var withPassword = new ClusterConnection { Redis = "redis.example:6379,password=hunter2", InsecureLocalhost = true };
        string message = Assert.Throws<ArgumentException>(() => withPassword.RedisOptions(Env((ClusterConnection.PasswordVariable, "s3cret")))).Message;
        Assert.StartsWith("--redis: expected HOST:PORT alone", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);

        // A PostgreSQL string that does not parse is not shown either (it may hold a password); one that does and holds one is refused.
        var malformed = new ClusterConnection { Postgres = "Host=db;Password=hunter2;Bogus Key=1" };
        string bad = Assert.Throws<ArgumentException>(() => malformed.PostgresDataSource(Env())).Message;
        Assert.StartsWith("--postgres: expected a connection string like", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", bad, StringComparison.Ordinal);
        string held = Assert.Throws<ArgumentException>(() => new ClusterConnection { Postgres = "Host=db;Username=u;Password=hunter2" }.PostgresDataSource(Env())).Message;
        Assert.Contains("the connection string holds a password", held, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", held, StringComparison.Ordinal);
    }

    [RequiresRedisFact]
    public async Task AClientWithWrongCredentialsIsRefusedByARealRedis()
    {
        int port = FreePort();
        using var redis = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --requirepass right --save \"\" --appendonly no") { RedirectStandardOutput = true })!;
        try
        {
            await Task.Delay(500);
            var wrong = new ClusterConnection { Redis = $"127.0.0.1:{port}" };
            Environment.SetEnvironmentVariable(ClusterConnection.PasswordVariable, "wrong");
            using var client = ClusterHosting.Client(wrong);
            await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClusterConnection.PasswordVariable, null);
            redis.Kill();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs Debian's redis-server (which .ci/run installs); reported as skipped, naming it, where it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresRedisFactAttribute : FactAttribute
{
    public RequiresRedisFactAttribute()
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            Skip = "/usr/bin/redis-server is absent: install Debian's redis-server (.ci/run does).";
        }
    }
}
