using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// A submitted job's outputs meet the one-machine contract before any silo sees the job: never an input, never
/// anything but a regular file, the written format's extension, and a shard folder that is not a planted link.
/// </summary>
public sealed class JobOutputContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-job-outputs-").FullName;
    private readonly string _data;

    public JobOutputContractTests()
    {
        var sample = DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), null, 3);
        _data = Path.Combine(_dir, "x.npy");
        NpyFile.Write(_data, sample.Images.Data, 3, 1, 28, 28);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private JobDefinition Dct(string output, string? report = null) => new() { Operation = "dct", DataPath = _data, OutputPath = output, ReportPath = report, Images = 3, ShardSize = 2 };

    [Fact]
    public void AnOutputThatIsTheInputIsRefusedAndTheInputKept()
    {
        byte[] before = File.ReadAllBytes(_data);
        var same = Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(Dct(_data)));
        Assert.Contains($"--output {_data}: expected a path other than the inputs', found the same file as --input", same.Message, StringComparison.Ordinal);
        string hard = Path.Combine(_dir, "hard.npy");
        using (var ln = System.Diagnostics.Process.Start("ln", [_data, hard])!)
        {
            ln.WaitForExit();
        }

        Assert.Contains("found the same file as --input", Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(Dct(hard))).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_data));
    }

    [Fact]
    public void OutputsOfAnotherFormatOrKindAreRefused()
    {
        Assert.Contains("expected a file name ending in .npy (the format written), found '.csv'",
            Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(Dct(Path.Combine(_dir, "d.csv")))).Message, StringComparison.Ordinal);
        string folder = Path.Combine(_dir, "folder.npy");
        Directory.CreateDirectory(folder);
        Assert.Contains("found a directory", Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(Dct(folder))).Message, StringComparison.Ordinal);
        var heatmap = Dct(Path.Combine(_dir, "h.npy"), report: Path.Combine(_dir, "h.md")) with { Operation = "heatmap" };
        Assert.Contains("--report", Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(heatmap)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShardFolderThatIsALinkIsRefused()
    {
        string output = Path.Combine(_dir, "d.npy");
        string elsewhere = Directory.CreateTempSubdirectory("mlnetfreq-elsewhere-").FullName;
        try
        {
            Directory.CreateSymbolicLink(output + ".shards", elsewhere);
            var ex = Assert.Throws<ArgumentException>(() => ClusterJobs.Prepare(Dct(output)));
            Assert.Contains($"expected its shard folder {output}.shards to be absent or a folder, found a symbolic link", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
