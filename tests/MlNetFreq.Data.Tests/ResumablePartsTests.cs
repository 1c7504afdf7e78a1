using MlNetFreq.Data.Resumable;

namespace MlNetFreq.Data.Tests;

public sealed class ResumablePartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-parts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, string> Settings(string steps) => new() { ["steps"] = steps, ["model"] = "m" };

    [Fact]
    public void PartsAreReusedWithTheSameSettingsAndRefusedWithOthers()
    {
        string output = Path.Combine(_dir, "out.npy");
        var parts = new ResumableParts(output, Settings("3"));
        Assert.False(Directory.Exists(parts.Folder), "nothing is written before the first part");
        Assert.False(parts.IsFinished(0));
        parts.Save(0, [1f, 2f, 3f, 4f], [2, 2], new[] { 0.5, 0.25 });
        parts.Save(2, [5f, 6f], [1, 2], new[] { 0.125 });

        var again = new ResumableParts(output, Settings("3"));
        Assert.True(again.IsFinished(0) && again.IsFinished(2) && !again.IsFinished(3));
        Assert.Equal([1f, 2f, 3f, 4f], again.Values(0));
        Assert.Equal([0.125], again.Metadata<double[]>(2)!);
        Assert.Null(again.Metadata<double[]>(3));

        var ex = Assert.Throws<InvalidOperationException>(() => new ResumableParts(output, Settings("4")));
        Assert.Contains("holds parts made with other settings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"steps\":\"4\"", ex.Message, StringComparison.Ordinal);

        again.Delete();
        Assert.False(Directory.Exists(again.Folder));
    }

    [Fact]
    public void APartWithoutItsMetadataIsNotFinished()
    {
        // A crash between the values and the metadata (the metadata is renamed last) leaves an unfinished part.
        string output = Path.Combine(_dir, "crash.npy");
        var parts = new ResumableParts(output, Settings("1"));
        parts.Save(0, [1f], [1], new[] { 1.0 });
        File.Delete(Path.Combine(parts.Folder, "part-000000000000.json"));
        File.WriteAllText(Path.Combine(parts.Folder, "part-000000000000.json.tmp"), "[");
        Assert.False(new ResumableParts(output, Settings("1")).IsFinished(0));
    }
}
