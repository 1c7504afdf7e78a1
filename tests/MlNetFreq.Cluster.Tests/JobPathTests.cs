using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Jobs;

namespace MlNetFreq.Cluster.Tests;

/// <summary>Job paths stay under the cluster's root: no "..", no other absolute path, no link out.</summary>
public sealed class JobPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlnetfreq-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("mlnetfreq-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private JobDefinition Job(string data, string output) => new() { Operation = "dct", DataPath = data, OutputPath = output, Images = 1 };

    [Fact]
    public void PathsThatLeaveTheRootAreRefused()
    {
        string inside = Path.Combine(_root, "x.npy");
        File.WriteAllText(inside, "");
        JobPaths.Confine(Job(inside, Path.Combine(_root, "out", "y.npy")), _root);

        var dots = Assert.Throws<UnauthorizedAccessException>(() => JobPaths.Confine(Job(Path.Combine(_root, "..", "etc", "passwd"), Path.Combine(_root, "y.npy")), _root));
        Assert.Contains("--input", dots.Message, StringComparison.Ordinal);
        Assert.Contains("outside", dots.Message, StringComparison.Ordinal);
        Assert.Throws<UnauthorizedAccessException>(() => JobPaths.Confine(Job(inside, "/tmp/elsewhere.npy"), _root));

        // A link inside the root that points out of it.
        string link = Path.Combine(_root, "escape");
        Directory.CreateSymbolicLink(link, _outside);
        var linked = Assert.Throws<UnauthorizedAccessException>(() => JobPaths.Confine(Job(inside, Path.Combine(link, "y.npy")), _root));
        Assert.Contains($"{link} is a link to", linked.Message, StringComparison.Ordinal);

        // A prefix is not a parent: /tmp/root-x is not under /tmp/root.
        Assert.Throws<UnauthorizedAccessException>(() => JobPaths.Confine(Job(_root + "-x/a.npy", Path.Combine(_root, "y.npy")), _root));
    }

    [Fact]
    public async Task TheJobGrainRefusesPathsOutsideItsRootWhateverTheClientChecked()
    {
        var (cluster, _) = await ClusterFixture.StartAsync(silos: 1, root: _root);
        await using var _cluster = cluster;
        string data = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<Grains.IJobGrain>("j").Submit(Job(data, Path.Combine(_root, "y.npy"))));
        Assert.Contains("expected a path under the cluster's root", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected a path under the cluster's root", (await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            ClusterJobs.SubmitAsync(cluster.Client, "k", Job(data, Path.Combine(_root, "y.npy")), root: _root))).Message, StringComparison.Ordinal);
    }
}
