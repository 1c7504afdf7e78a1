using System.Text.Json;
using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Hosting;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Onnx.Sessions;
using Orleans.Storage;

namespace MlNetFreq.Cluster.Tests;

/// <summary>Job state in a real PostgreSQL server: optimistic concurrency, and a job that outlives every silo.</summary>
public sealed class PostgresStorageTests : IDisposable
{
    private readonly TemporaryPostgres _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-pgjob-").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Npgsql.NpgsqlDataSource DataSource() => new ClusterConnection { Postgres = _server.ConnectionString }.PostgresDataSource(v => v == ClusterConnection.PostgresPasswordVariable ? _server.Password : null);

    private sealed class State
    {
        public int Count { get; set; }
    }

    private sealed class JsonStateSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }

    private sealed class Holder : IGrainState<State>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public State State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task StatesRoundTripAndStaleWritesAreRefused()
    {
        using var source = DataSource();
        var storage = new PostgresGrainStorage(source, new JsonStateSerializer());
        var id = GrainId.Create("job", "a");
        var first = new Holder { State = new State { Count = 1 } };
        await storage.WriteStateAsync("job", id, first);
        Assert.Equal("1", first.ETag);

        var read = new Holder();
        await storage.ReadStateAsync("job", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(1, read.State.Count);

        // Two activations that read version 1: the first write wins, the second is refused rather than overwriting it.
        read.State.Count = 2;
        await storage.WriteStateAsync("job", id, read);
        Assert.Equal("2", read.ETag);
        first.State.Count = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("job", id, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("job", id, new Holder())); // a second "new" record
        var again = new Holder();
        await storage.ReadStateAsync("job", id, again);
        Assert.Equal(2, again.State.Count);

        await storage.ClearStateAsync("job", id, again);
        var cleared = new Holder();
        await storage.ReadStateAsync("job", id, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.ETag);
    }

    [Fact]
    public void CredentialsComeFromTheEnvironmentOnly()
    {
        Assert.Contains("holds a password", Assert.Throws<ArgumentException>(() =>
            new ClusterConnection { Postgres = _server.ConnectionString + ";Password=x" }.PostgresDataSource(_ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-localhost", Assert.Throws<ArgumentException>(() =>
            new ClusterConnection { Postgres = _server.ConnectionString }.PostgresDataSource(_ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("always needs a password", Assert.Throws<ArgumentException>(() =>
            new ClusterConnection { Postgres = "Host=db.example;Database=x;Username=y", InsecureLocalhost = true }.PostgresDataSource(_ => null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJobOutlivesEverySiloAndResumesOnANewCluster()
    {
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        string images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
        string labels = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy");
        var pgd = new PgdOptions { Eps = 0.1, Alpha = 0.02, Steps = 20, Seed = 4 };
        var job = new JobDefinition
        {
            Operation = "attack", OptionsJson = JsonSerializer.Serialize<AttackOptions>(pgd), DataPath = images, LabelsPath = labels, ModelPath = model,
            OutputPath = Path.Combine(_dir, "adv.npy"), Images = 60, ShardSize = 4,
        };
        using var source = DataSource();
        void Postgres(Orleans.Hosting.ISiloBuilder silo) => silo.AddPostgresJobStorage(source);

        int doneBefore;
        var (first, _) = await ClusterFixture.StartAsync(silos: 2, jobStorage: Postgres);
        await using (first)
        {
            var grain = first.Client.GetGrain<Grains.IJobGrain>("pg-1");
            _ = ClusterJobs.SubmitAsync(first.Client, "pg-1", job, poll: TimeSpan.FromMilliseconds(50));
            while ((await grain.Status()).Done < 3)
            {
                await Task.Delay(20);
            }

            doneBefore = (await grain.Status()).Done;
        } // every silo stops: only PostgreSQL remembers the job

        var (second, _) = await ClusterFixture.StartAsync(silos: 2, jobStorage: Postgres);
        await using (second)
        {
            var status = await second.Client.GetGrain<Grains.IJobGrain>("pg-1").Status();
            Assert.True(status.Done >= doneBefore, $"the new cluster's job grain read {status.Done} finished shards from PostgreSQL; {doneBefore} were done before");
            var finished = await ClusterJobs.SubmitAsync(second.Client, "pg-1", job);
            Assert.Equal(JobState.Done, finished.State);
        }

        var data = DataSources.Load(images, labels, 60);
        using var session = ModelSession.Load(model, new ModelSessionOptions { IntraOpThreads = 1 });
        Assert.Equal(pgd.Create(session).Run(data.Images.Data, data.Labels).Adversarial, NpyFile.ReadImages(job.OutputPath).Data);
    }
}
