using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlNetFreq.Cli.Output;
using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Hosting;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Operations;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>mlnetfreq cluster silo|submit|status|cancel</c>: our jobs on a Microsoft Orleans cluster. <c>submit</c>'s
/// operation and options are the one-machine command line (the same flags, parsed by the same builders), and the merged
/// result lands where that command's --output and --report say.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "Run jobs on a Microsoft Orleans cluster: silos pull index-range shards from a job grain; the merged outputs equal one machine's.")
    {
        Silo(), Submit(), Status(), Cancel(),
    };

    private sealed class Connection
    {
        public Option<string?> Redis { get; } = new("--redis") { Description = $"Redis HOST:PORT for membership and job state (password from {ClusterConnection.PasswordVariable} or {ClusterConnection.PasswordFileVariable}); none: localhost development clustering, job state in memory." };

        public Option<bool> Insecure { get; } = new("--insecure-localhost") { Description = "Allow a Redis on this machine without a password (development only)." };

        public Option<int> Gateway { get; } = new("--gateway-port") { Description = "Gateway port (a silo's own, or the one a client connects to with localhost clustering).", DefaultValueFactory = _ => 30000 };

        public Option<string?> Root { get; } = new("--root") { Description = "Every job path (data, labels, model, outputs) must lie under this folder; a path that leaves it (.., another absolute path, a link out) is refused before any silo reads it." };

        public Option<string?> TlsCertificate { get; } = new("--tls-certificate") { Description = $"PKCS#12 (.pfx) file with the cluster certificate and key (password in {ClusterTls.PasswordVariable} or the file {ClusterTls.PasswordFileVariable} names): mutual TLS between silos and clients; required for a silo listening on a network address." };

        public Option<string?> TlsTrust { get; } = new("--tls-trust") { Description = "Comma-separated thumbprints trusted besides the own certificate's (to rotate certificates)." };

        public Option<bool> Verbose { get; } = new("--verbose") { Description = "Show Orleans' own log messages (warnings and errors) on stderr." };

        public void AddTo(Command command, bool client = true)
        {
            command.Add(Redis);
            command.Add(Insecure);
            command.Add(Gateway);
            command.Add(Root);
            command.Add(TlsCertificate);
            command.Add(TlsTrust);
            if (client)
            {
                command.Add(Verbose);
            }
        }

        public ClusterConnection Of(ParseResult r) => new()
        {
            Redis = r.GetValue(Redis),
            InsecureLocalhost = r.GetValue(Insecure),
            Tls = r.GetValue(TlsCertificate) is { } pfx ? ClusterTls.Load(pfx, r.GetValue(TlsTrust)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) : null,
        };
    }

    private static Command Silo()
    {
        var connection = new Connection();
        var port = new Option<int>("--silo-port") { Description = "Silo-to-silo port (localhost clustering: the first silo must use 11111).", DefaultValueFactory = _ => 11111 };
        var workers = new Option<int>("--workers") { Description = "Shards computed at once on this silo.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per model (0: one per logical processor).", DefaultValueFactory = _ => 0 };
        var lease = new Option<double>("--lease-seconds") { Description = "How long a shard's lease lasts without renewal (workers renew every third of it); a dead worker's shards are re-issued after it.", DefaultValueFactory = _ => 60 };
        var postgres = new Option<string?>("--postgres") { Description = $"Keep job state in PostgreSQL: a connection string without the password (Host=…;Port=…;Database=…;Username=…; the password from {ClusterConnection.PostgresPasswordVariable} or {ClusterConnection.PostgresPasswordFileVariable}); every silo of the cluster must name the same database." };
        var listen = new Option<string>("--listen") { Description = "With --redis: the address this silo listens on and advertises to the others (this machine's address for a multi-machine cluster).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("silo", "Host a silo with shard workers until Ctrl-C.") { port, workers, threads, lease, listen, postgres };
        connection.AddTo(command, client: false);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            int w = r.GetValue(workers);
            if (w < 1)
            {
                throw new ArgumentException($"--workers: expected at least 1, found {w}.");
            }

            double seconds = r.GetValue(lease);
            if (!(seconds >= 1))
            {
                throw new ArgumentException($"--lease-seconds: expected at least 1, found {seconds}.");
            }

            if (!System.Net.IPAddress.TryParse(r.GetValue(listen), out var address))
            {
                throw new ArgumentException($"--listen: expected an IP address, found '{r.GetValue(listen)}'.");
            }

            using var host = ClusterHosting.Silo(connection.Of(r) with { Listen = address, Postgres = r.GetValue(postgres) }, r.GetValue(port), r.GetValue(connection.Gateway),
                o => (o.Workers, o.Threads, o.RenewEvery) = (w, r.GetValue(threads), TimeSpan.FromSeconds(seconds / 3)),
                s => (s.LeaseDuration, s.Root) = (TimeSpan.FromSeconds(seconds), r.GetValue(connection.Root) is { } root ? Path.GetFullPath(root) : null));
            Console.Error.WriteLine($"silo on port {r.GetValue(port)}, gateway {r.GetValue(connection.Gateway)}, {w} worker(s); Ctrl-C stops it");
            host.Run();
            return 0;
        }));
        return command;
    }

    private static Command Submit()
    {
        var command = new Command("submit", "Submit a job (or resume one with the same id and definition): OPERATION and its options as on one machine, e.g. `cluster submit attack --method pgd --model M --input X --labels Y --output ADV.npy --report R.json`.");
        // Every registered operation is a job made from its one definition, with the one-machine command's own flags.
        foreach (var operation in global::MlNetFreq.Operations.OperationRegistry.All)
        {
            command.Add(Job(operation));
        }

        return command;
    }

    private static string[] Folders(JobDefinition job) => [.. Enumerable.Range(0, job.ShardCount).Select(i => ShardFiles.Folder(job, i))];

    private static Command Job(global::MlNetFreq.Operations.Operation operation)
    {
        var flags = new OperationCommand.Flags(operation);
        var connection = new Connection();
        var shardSize = new Option<int>("--shard-size") { Description = "Images per shard.", DefaultValueFactory = _ => 1000 };
        var jobId = new Option<string?>("--job") { Description = "Job id (default: derived from the output path); the same id and definition resumes a job." };
        var command = new Command(operation.Name, $"{operation.Description} As `mlnetfreq {operation.Name}`; paths every silo can read and write, shards beside the output in OUTPUT.shards/, figures drawn by this client once the job is merged.")
        {
            shardSize, jobId,
        };
        connection.AddTo(command);
        flags.AddTo(command);
        var shards = new RegisteredShards(operation);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            int size = r.GetValue(shardSize);
            if (size < 1)
            {
                throw new ArgumentException($"--shard-size: expected at least 1 image, found {size}.");
            }

            // Every silo reads the source as it is stored; a layout or scale given here would not reach them.
            if (r.GetValue(flags.Data.Layout) != ImageLayout.Auto)
            {
                throw new ArgumentException($"--layout {r.GetValue(flags.Data.Layout).ToString().ToLowerInvariant()}: cluster jobs read their source with the automatic layout on every silo; write it once as float32 [N,C,H,W] .npy (or uint8 [N,H,W,C]) and submit that.");
            }

            if (r.GetValue(flags.Data.Scale) != 1)
            {
                throw new ArgumentException($"--scale {r.GetValue(flags.Data.Scale)}: cluster jobs read pixels as stored on every silo; write the images once scaled to [0, 1] and submit those.");
            }

            string? PathOf(string output) => flags.Outputs.TryGetValue(output, out var option) && r.GetValue(option) is { } path ? Path.GetFullPath(path) : null;
            string data = flags.Data.ImagesPath(r);
            using var outputs = new StagedOutputs();
            if (PathOf("plot") is { } plotPath)
            {
                // The figures are drawn by this client once the job is merged: their folder must take files now, as on one machine.
                if (shards.PlotIsFolder)
                {
                    outputs.StageFolder("--plot", plotPath);
                }
                else
                {
                    StagedOutputs.CheckFolder("--plot", Path.GetDirectoryName(plotPath) ?? ".", plotPath);
                }
            }

            var parameters = flags.Parameters(r);
            int limit = Math.Min(r.GetValue(flags.Data.Limit) ?? int.MaxValue, operation.ImageLimit(parameters) ?? int.MaxValue);
            var source = DataSources.Load(data, flags.Data.LabelsPath(r), limit);
            flags.Data.CheckLimit(r, source.Images.Shape.N, data);
            int images = source.Images.Shape.N;
            string outputPath = PathOf(operation.MainOutput.Name)!;
            var job = new JobDefinition
            {
                Operation = operation.Name,
                OptionsJson = global::MlNetFreq.Operations.Operation.OptionsToJson(parameters.Options),
                SettingsJson = operation.SettingsToJson(parameters.Settings),
                InputsJson = global::MlNetFreq.Operations.Operation.InputsToJson(parameters),
                DataPath = Path.GetFullPath(data),
                LabelsPath = flags.Data.LabelsPath(r) is { } l ? Path.GetFullPath(l) : null,
                ModelPath = flags.Model is null ? null : Path.GetFullPath(r.GetRequiredValue(flags.Model.Model)),
                OutputPath = outputPath,
                ReportPath = PathOf("report"),
                PlotPath = PathOf("plot"),
                OtherOutputsJson = flags.Outputs.Keys.Where(o => o != operation.MainOutput.Name && o is not "report" and not "plot" && PathOf(o) is not null) is var others && others.Any()
                    ? JsonSerializer.Serialize(others.ToDictionary(o => o, o => PathOf(o)!)) : "",
                Normalize = flags.Model is null ? null : r.GetValue(flags.Model.Normalize),
                Images = images,
                ShardSize = size,
            };
            string id = r.GetValue(jobId) ?? operation.Name + "-" + Path.GetFileNameWithoutExtension(outputPath);
            job = ClusterJobs.Prepare(job, r.GetValue(connection.Root), source); // bad input fails here, before any connection
            using var host = Connect(connection, r);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var status = ConsoleUi.WithProgress($"job {id}: {images} images in {job.ShardCount} shards", images, advance =>
                {
                    long shown = 0;
                    var progress = new SyncProgress<JobStatus>(s =>
                    {
                        advance(s.ImagesDone - shown);
                        shown = s.ImagesDone;
                    });
                    return ClusterJobs.RunAsync(grains, id, job, progress, cancellation: cancel.Token).GetAwaiter().GetResult();
                });
                Console.Error.WriteLine($"job {id}: {status.Done} of {status.Shards} shards, {status.Reissued} leases re-issued -> {outputPath}");
                outputs.Commit();
                if (shards.Failure(Folders(job)) is { } failure)
                {
                    // A gate that answered no: its failed checks on stderr and exit code 3, as on one machine.
                    Console.Error.WriteLine(failure);
                    return ExitCodes.CheckFailed;
                }

                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                host.StopAsync().GetAwaiter().GetResult();
            }
        }));
        return command;
    }

    private static Command Status()
    {
        var connection = new Connection();
        var job = new Argument<string>("job") { Description = "The job id." };
        var command = new Command("status", "Print a job's state, shards done and errors as JSON.") { job };
        connection.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() => WithGrain(connection, r, r.GetRequiredValue(job), grain =>
        {
            var status = grain.Status().GetAwaiter().GetResult();
            Console.WriteLine(JsonSerializer.Serialize(status, CliOptions.IndentedJson));
            return 0;
        })));
        return command;
    }

    private static Command Cancel()
    {
        var connection = new Connection();
        var job = new Argument<string>("job") { Description = "The job id." };
        var command = new Command("cancel", "Cancel a job: no more shards are leased; resubmitting it resumes.") { job };
        connection.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() => WithGrain(connection, r, r.GetRequiredValue(job), grain =>
        {
            grain.Cancel().GetAwaiter().GetResult();
            Console.Error.WriteLine($"job {r.GetRequiredValue(job)} cancelled");
            return 0;
        })));
        return command;
    }

    private static int WithGrain(Connection connection, ParseResult r, string id, Func<IJobGrain, int> body)
    {
        using var host = Connect(connection, r);
        try
        {
            return body(host.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id));
        }
        finally
        {
            host.StopAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>A started client, or an error that says which cluster could not be reached.</summary>
    private static IHost Connect(Connection connection, ParseResult r)
    {
        var settings = connection.Of(r);
        if (settings.Redis is not null)
        {
            settings.ProbeRedis(); // a Redis that is down is named as such within seconds
        }

        var host = ClusterHosting.Client(settings, r.GetValue(connection.Gateway), verbose: r.GetValue(connection.Verbose));
        try
        {
            host.StartAsync().GetAwaiter().GetResult();
            return host;
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            host.Dispose();
            string where = settings.Redis is { } redis ? $"Redis {redis} answers, but no silo registered there" : $"no silo's gateway answered at 127.0.0.1:{r.GetValue(connection.Gateway)} (localhost clustering)";
            throw new InvalidOperationException($"could not reach the cluster within 30 s: {where}; start one with `mlnetfreq cluster silo` ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})", ex);
        }
    }

    // Reports on the thread that reports (System.Progress would post to the thread pool, out of order).
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
