using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Operations;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// Shard folders are bound to their job: a folder planted before (or changed after) the job ran is never merged as a
/// result, and a job's own folders verify.
/// </summary>
public sealed class ShardBindingTests : IDisposable
{
    private static readonly string Images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-binding-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JobDefinition Dct(string name) => new() { Operation = "dct", DataPath = Images, OutputPath = Path.Combine(_dir, name + ".npy"), Images = 6, ShardSize = 3 };

    [Fact]
    public async Task APlantedShardFolderIsRefusedNotMerged()
    {
        var job = Dct("planted");
        string planted = ShardFiles.Folder(job, 0);
        Directory.CreateDirectory(planted);
        File.WriteAllText(Path.Combine(planted, "part.json"), new MlNetFreq.Operations.Catalog.DctTransform().PartToJson(
            new MlNetFreq.Operations.Catalog.DctTransform.Spectra(new MlNetFreq.Operations.Parts.ImageRows(new(3, 1, 28, 28), Enumerable.Repeat(99f, 3 * 784).ToArray()), false, "managed")));
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 1, maxAttempts: 1);
        await using var _cluster = cluster;
        var ex = await Assert.ThrowsAsync<ClusterJobException>(() => ClusterJobs.SubmitAsync(cluster.Client, "planted", job));
        Assert.Contains($"{planted}: expected the folder shard 0 of this job wrote, found that no readable shard.json", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(job.OutputPath));
    }

    [Fact]
    public async Task AJobsOwnFoldersVerifyAndAChangedFileDoesNot()
    {
        var job = ClusterJobs.Prepare(Dct("own")); // as submitted: with the data's hash
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 1);
        await using var _cluster = cluster;
        await ClusterJobs.SubmitAsync(cluster.Client, "own", job);
        for (int i = 0; i < job.ShardCount; i++)
        {
            ShardManifest.Verify(job, job.Shard(i), ShardFiles.Folder(job, i));
        }

        Assert.Contains("belongs to another job definition", Assert.Throws<InvalidDataException>(() => ShardManifest.Verify(job with { Images = 5 }, job.Shard(0), ShardFiles.Folder(job, 0))).Message, StringComparison.Ordinal);
        Assert.Contains("holds shard 0", Assert.Throws<InvalidDataException>(() => ShardManifest.Verify(job, job.Shard(1), ShardFiles.Folder(job, 0))).Message, StringComparison.Ordinal);
        string part = Path.Combine(ShardFiles.Folder(job, 1), "part.json");
        File.WriteAllBytes(part, [.. File.ReadAllBytes(part).Take(200), .. new byte[10]]);
        Assert.Contains("part.json changed after it was written", Assert.Throws<InvalidDataException>(() => ShardManifest.Verify(job, job.Shard(1), ShardFiles.Folder(job, 1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSwappedAfterSubmissionIsRefusedByTheWorkerThatReadsIt()
    {
        // The job's data under the root: a copy of the first images, recorded by hash at submission.
        string data = Path.Combine(_dir, "x.npy"), outside = Path.Combine(_dir, "other.npy");
        var set = DataSources.Load(Images, null, 6);
        NpyFile.Write(data, set.Images);
        var job = ClusterJobs.Prepare(Dct("swap") with { DataPath = data });
        Assert.Equal(Methods.Validation.DataFingerprint.Sha256(set.Images.Data, []), job.DataSha256);
        using (var inputs = new ShardInputs())
        {
            Assert.Equal(set.Images.Data[..(3 * 784)], inputs.Slice(job, job.Shard(0)).Images);
        }

        // Swapped for a link to other pixels after it was accepted: the worker refuses to read it into a result.
        var other = DataSources.Load(Images, null, 12).Images.Take(6);
        NpyFile.Write(outside, new Data.Tensors.ImageTensor([.. DataSources.Load(Images, null, 12).Images.Data[(6 * 784)..]], other.Shape));
        File.Delete(data);
        File.CreateSymbolicLink(data, outside);
        using var fresh = new ShardInputs();
        var ex = Assert.Throws<InvalidDataException>(() => fresh.Slice(job, job.Shard(1)));
        Assert.StartsWith($"{data}: expected the data the job was submitted with (SHA-256 {job.DataSha256})", ex.Message, StringComparison.Ordinal);

        // Resubmitting the changed data under the old definition is refused too, naming what differs.
        Assert.Contains("expected the data the job was defined with", Assert.Throws<InvalidDataException>(() => ClusterJobs.Prepare(job)).Message, StringComparison.Ordinal);
    }
}
