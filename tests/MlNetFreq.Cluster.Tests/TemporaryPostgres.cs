using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// A throw-away PostgreSQL server for one test: initdb into a temporary folder (password authentication, user
/// mlnetfreq), started on a free loopback port, stopped and deleted on dispose. Runs the server as the postgres user
/// when the tests run as root (PostgreSQL refuses root). Needs Debian's postgresql (scripts/postgres.sh installs it).
/// </summary>
internal sealed class TemporaryPostgres : IDisposable
{
    public const string User = "mlnetfreq";

    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-pg-").FullName;
    private readonly string _bin;
    private readonly bool _asPostgres = Environment.UserName == "root";

    public TemporaryPostgres()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException("PostgreSQL has no initdb under /usr/lib/postgresql: run bash scripts/postgres.sh (installs Debian's postgresql).")
            : throw new InvalidOperationException("PostgreSQL is not installed: run bash scripts/postgres.sh (installs Debian's postgresql).");
        Password = Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(_dir, "pw"), Password);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        if (_asPostgres)
        {
            Run("/bin/chown", "-R", "postgres", _dir);
        }

        Run(Path.Combine(_bin, "initdb"), "-D", Path.Combine(_dir, "data"), "-U", User, "--pwfile", Path.Combine(_dir, "pw"), "-A", "scram-sha-256", "--no-sync", "--no-instructions");
        Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-o",
            $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /// <summary>The server's password for <see cref="User"/>.</summary>
    public string Password { get; }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string without the password (as <c>--postgres</c> takes it).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username={User}";

    public void Dispose()
    {
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private void Run(string program, params string[] args)
    {
        var start = _asPostgres && program != "/bin/chown" ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", "postgres", "--", program, .. args]) : new ProcessStartInfo(program, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        }
    }
}
