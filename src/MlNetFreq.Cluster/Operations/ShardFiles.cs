using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// Shard folders: a shard is computed into a temporary folder beside its final one and renamed into place, so a
/// finished shard appears whole; a shard finished twice (a lease re-issued while its first worker still ran) keeps the
/// first folder.
/// </summary>
public static class ShardFiles
{
    /// <summary>JSON with the runtime types of the values (reports hold dictionaries of mixed values).</summary>
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The final folder of shard <paramref name="index"/>.</summary>
    public static string Folder(JobDefinition job, int index)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Path.Combine(job.ShardFolder, $"shard-{index:D6}");
    }

    /// <summary>
    /// Runs <paramref name="compute"/> into a temporary folder, binds it to the job (<see cref="ShardManifest"/>) and
    /// renames it to the shard's folder (once). A folder already there is kept only when its manifest shows this job's
    /// shard wrote it; anything else there is an error, never a result.
    /// </summary>
    public static void Write(JobDefinition job, int index, Action<string> compute)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(compute);
        var shard = job.Shard(index);
        string final = Folder(job, index);
        if (Directory.Exists(final))
        {
            ShardManifest.Verify(job, shard, final);
            return;
        }

        // The shard folder is ours: a link planted there after submission would send the shards elsewhere.
        if (Data.Outputs.OutputTarget.KindOf(job.ShardFolder) is { } kind and not "directory")
        {
            throw new InvalidDataException($"{job.ShardFolder}: expected the job's shard folder, found a {kind}.");
        }

        Directory.CreateDirectory(job.ShardFolder);
        string temp = Path.Combine(job.ShardFolder, $".shard-{index:D6}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            compute(temp);
            ShardManifest.Write(job, shard, temp);
            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another worker finished the same shard first: its folder holds the same result.
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Concatenates float32 .npy arrays along the first axis into <paramref name="output"/> (written whole, then renamed).</summary>
    public static void Concatenate(IReadOnlyList<string> parts, string output)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var arrays = parts.Select(NpyFile.Read).ToArray();
        int[] inner = arrays.Length == 0 ? [0] : arrays[0].Shape[1..];
        var data = arrays.SelectMany(a => a.ToSingle()).ToArray();
        WriteWhole(output, temp => NpyFile.Write(temp, data, [arrays.Sum(a => a.Shape[0]), .. inner]));
    }

    /// <summary>Writes a file through a temporary sibling and a rename, so it appears whole.</summary>
    public static void WriteWhole(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

