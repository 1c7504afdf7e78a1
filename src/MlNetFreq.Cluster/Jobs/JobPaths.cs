namespace MlNetFreq.Cluster.Jobs;

/// <summary>
/// Confines a job's paths to a root folder: a path that leaves it — through <c>..</c>, as another absolute path, or
/// through a symbolic link that points outside — is refused before any silo reads or writes it.
/// </summary>
public static class JobPaths
{
    /// <summary>Throws unless every path of <paramref name="job"/> lies under <paramref name="root"/>.</summary>
    public static void Confine(JobDefinition job, string root)
    {
        ArgumentNullException.ThrowIfNull(job);
        (string, string?)[] paths = [("--input", job.DataPath), ("--labels", job.LabelsPath), ("--model", job.ModelPath), ("--output", job.OutputPath), ("--output (its shard folder)", job.ShardFolder), ("--report", job.ReportPath), ("--plot", job.PlotPath),
            .. job.OtherOutputs().Select(o => ("--" + o.Key, (string?)o.Value))];
        foreach (var (what, path) in paths)
        {
            if (path is not null)
            {
                Check(what, path, root);
            }
        }
    }

    private static void Check(string what, string path, string root)
    {
        string top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(path);
        if (!Inside(full, top))
        {
            throw new UnauthorizedAccessException($"{what} {path}: expected a path under the cluster's root {top}, found one outside it.");
        }

        // Every existing component between the root and the path: a link must resolve inside the root too.
        for (string? current = full; current is not null && current.Length > top.Length; current = Path.GetDirectoryName(current))
        {
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target && !Inside(Path.GetFullPath(target.FullName), top))
            {
                throw new UnauthorizedAccessException($"{what} {path}: {current} is a link to {target.FullName}, outside the cluster's root {top}.");
            }
        }
    }

    private static bool Inside(string full, string top) =>
        full.Equals(top, StringComparison.Ordinal) || full.StartsWith(top + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
