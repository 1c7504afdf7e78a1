using System.Security.Cryptography;
using System.Text.Json;
using MlNetFreq.Cluster.Jobs;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// What binds a shard folder to its job: the SHA-256 of the job's definition, the shard's index range and the SHA-256
/// of every file the shard wrote, kept in the folder as <c>shard.json</c>. A folder without it, of another job or
/// shard, or whose files changed after they were written (planted, stale, half-copied) is never taken as a result: the
/// worker and the merge refuse it, naming the folder.
/// </summary>
public sealed record ShardManifest(string JobSha256, int Index, int Start, int Count, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The manifest's file name inside a shard folder.</summary>
    public const string FileName = "shard.json";

    /// <summary>SHA-256 (hex) of the job's definition as JSON: any field that differs gives another hash.</summary>
    public static string JobHash(JobDefinition job) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(job)));

    /// <summary>Writes the manifest of the files now in <paramref name="folder"/> (computed for <paramref name="shard"/> of <paramref name="job"/>).</summary>
    public static void Write(JobDefinition job, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var files = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(f => f != FileName).Order(StringComparer.Ordinal)
            .ToDictionary(f => f!, f => FileHash(Path.Combine(folder, f!)), StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(new ShardManifest(JobHash(job), shard.Index, shard.Start, shard.Count, files)));
    }

    /// <summary>Throws unless <paramref name="folder"/> holds exactly what this job's shard wrote.</summary>
    public static void Verify(JobDefinition job, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(shard);
        string path = Path.Combine(folder, FileName);
        ShardManifest? manifest;
        try
        {
            manifest = File.Exists(path) ? JsonSerializer.Deserialize<ShardManifest>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            manifest = null;
        }

        string? problem = manifest is null ? $"no readable {FileName}"
            : manifest.JobSha256 != JobHash(job) ? "it belongs to another job definition"
            : (manifest.Index, manifest.Start, manifest.Count) != (shard.Index, shard.Start, shard.Count) ? $"it holds shard {manifest.Index} (images {manifest.Start}…{manifest.Start + manifest.Count - 1})"
            : Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(f => f != FileName).Order(StringComparer.Ordinal).SequenceEqual(manifest.Files.Keys.Order(StringComparer.Ordinal)) is false ? "its files are not the ones written"
            : manifest.Files.FirstOrDefault(f => FileHash(Path.Combine(folder, f.Key)) != f.Value) is { Key: { } changed } ? $"{changed} changed after it was written"
            : null;
        if (problem is not null)
        {
            throw new InvalidDataException($"{folder}: expected the folder shard {shard.Index} of this job wrote, found that {problem}; delete it and resubmit the job.");
        }
    }

    private static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
