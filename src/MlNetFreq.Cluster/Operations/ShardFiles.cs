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

        CheckShardFolder(job); // again when the shard runs: a link may have been planted after submission
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

    /// <summary>
    /// Throws unless the job's shard folder is absent or a folder: it is ours, and a link planted there would send the
    /// shards elsewhere. Checked at submission and again whenever a shard is written.
    /// </summary>
    public static void CheckShardFolder(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Data.Outputs.OutputTarget.KindOf(job.ShardFolder) is { } kind and not "directory")
        {
            throw new ArgumentException($"--output {job.OutputPath}: expected its shard folder {job.ShardFolder} to be absent or a folder, found a {kind}.");
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
        WriteAll(new Dictionary<string, string> { [""] = path }, temporaries => write(temporaries[""]));
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which asks for the path to write each file of a folder output through the function
    /// it is given (a temporary sibling of the file, its folder created); the files are renamed into place when
    /// <paramref name="write"/> returns, and no temporary is left otherwise.
    /// </summary>
    public static void WriteInFolders(Action<Func<string, string>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var staged = new List<(string Temporary, string Final)>();
        try
        {
            write(file =>
            {
                string final = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                staged.Add((Temporary(final), final));
                return staged[^1].Temporary;
            });
            foreach (var (temporary, final) in staged)
            {
                File.Move(temporary, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in staged)
            {
                File.Delete(temporary);
            }
        }
    }

    // A temporary sibling of a file with its extension (writers choose their format by it).
    private static string Temporary(string final) =>
        Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileNameWithoutExtension(final)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(final)}");

    /// <summary>
    /// Writes several files, keyed by name, through temporary siblings (same extension: writers choose their format by
    /// it) and renames them into place only when <paramref name="write"/> has written them all; nothing is left otherwise.
    /// </summary>
    public static void WriteAll(IReadOnlyDictionary<string, string> paths, Action<IReadOnlyDictionary<string, string>> write)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(write);
        var finals = paths.ToDictionary(p => p.Key, p => Path.GetFullPath(p.Value));
        var temporaries = finals.ToDictionary(f => f.Key, f => Temporary(f.Value));
        try
        {
            write(temporaries);
            foreach (var (name, temporary) in temporaries)
            {
                File.Move(temporary, finals[name], overwrite: true);
            }
        }
        finally
        {
            foreach (string temporary in temporaries.Values)
            {
                File.Delete(temporary);
            }
        }
    }
}
