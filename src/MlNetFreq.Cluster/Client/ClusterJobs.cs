using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Cluster.Operations;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Outputs;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cluster.Client;

/// <summary>A job that ended without its outputs: failed shards (with their errors) or a cancel.</summary>
public sealed class ClusterJobException(string message) : Exception(message);

/// <summary>
/// Submitting jobs from a client: checks the job before any silo sees it, submits (or resumes) it, follows its progress
/// and, when every shard is written, merges the shards into the outputs the one-machine command would write.
/// </summary>
public static class ClusterJobs
{
    /// <summary>
    /// Checks <paramref name="job"/> as the one-machine command would — known operation, valid options, files that exist,
    /// its paths under <paramref name="root"/> when given — and fills in the model's SHA-256. <paramref name="data"/> is the
    /// job's source when the caller has already read it (the CLI counts its images), so it is not read twice.
    /// </summary>
    public static JobDefinition Prepare(JobDefinition job, string? root = null, LabeledImages? data = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (root is not null)
        {
            JobPaths.Confine(job, root);
        }

        var operation = ShardOperations.Get(job.Operation);
        if (job.Images < 1 || job.ShardSize < 1)
        {
            throw new ArgumentException($"Expected at least 1 image and a shard size of at least 1, found {job.Images} images and shard size {job.ShardSize}.");
        }

        foreach (var (flag, path) in new[] { ("--input", job.DataPath), ("--labels", job.LabelsPath), ("--model", job.ModelPath) })
        {
            if (path is not null && !File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"{flag} {path}: expected a file every silo can read, found nothing at that path.", path);
            }
        }

        foreach (var (flag, path) in new[] { ("--output", job.OutputPath), ("--report", job.ReportPath), ("--plot", job.PlotPath) })
        {
            string? folder = path is null ? "." : Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"{flag} {path}: expected its folder to exist on shared storage, found none.");
            }
        }

        // The outputs' contract, as on one machine: never an input, nothing but a regular file, the written format's
        // extension; the shard folder beside the output is a folder of ours, never a link planted elsewhere.
        (string, string?)[] inputs = [("--input", job.DataPath), ("--labels", job.LabelsPath), ("--model", job.ModelPath)];
        if (operation.OutputExtensions.Count > 0)
        {
            OutputTarget.Check("--output", job.OutputPath, inputs, [.. operation.OutputExtensions]);
        }

        if (job.ReportPath is { } reportPath)
        {
            OutputTarget.Check("--report", reportPath, inputs, ".json");
            if (Path.GetFullPath(reportPath) == Path.GetFullPath(job.OutputPath))
            {
                throw new ArgumentException($"--report {reportPath}: expected a path of its own, found the one --output already writes.");
            }
        }

        if (job.PlotPath is { } plotPath)
        {
            if (operation.PlotIsFolder)
            {
                OutputTarget.CheckFolder("--plot", plotPath, inputs);
            }
            else
            {
                OutputTarget.Check("--plot", plotPath, inputs, ".png");
            }
        }

        ShardFiles.CheckShardFolder(job);

        // The data as the one-machine command reads it: enough images, pixels in [0, 1], and labels the model knows.
        var set = data ?? DataSources.Load(job.DataPath, job.LabelsPath, job.Images);
        if (set.Images.Shape.N < job.Images)
        {
            throw new ArgumentException($"--input {job.DataPath}: expected at least {job.Images} images, found {set.Images.Shape.N}.");
        }

        if (operation.ReadsPixels)
        {
            ImageContract.CheckPixels(set.Images.Data, job.DataPath);
        }
        if (operation.NeedsLabels(job) && set.Labels is null)
        {
            throw new ArgumentException($"--labels: {job.Operation} needs the images' labels; {job.DataPath} carries none (pass --labels Y.npy).");
        }

        using var model = job.ModelPath is { } modelPath ? ModelSession.Load(modelPath, job.SessionOptions()) : null;
        if (model is not null)
        {
            ImageContract.CheckShape(set.Images, model.Channels, model.Height, model.Width, job.DataPath);
            if (set.Labels is { } labels)
            {
                ImageContract.CheckLabels(labels, model.Classes, job.LabelsPath ?? job.DataPath);
            }
        }

        operation.Check(job, model, set.Images.Shape with { N = job.Images });

        string dataSha256 = ShardInputs.Fingerprint(set, job.Images);
        if (job.DataSha256 is { } expected && !expected.Equals(dataSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"--input {job.DataPath}: expected the data the job was defined with (SHA-256 {expected}), found {dataSha256}.");
        }

        job = job with { DataSha256 = dataSha256 };
        return job.ModelPath is { } file && job.ModelSha256 is null ? job with { ModelSha256 = Methods.Validation.DataFingerprint.FileSha256(file) } : job;
    }

    /// <summary>
    /// Submits (or resumes) job <paramref name="jobId"/> and waits for it; on success the merged outputs are in place.
    /// Cancelling <paramref name="cancellation"/> cancels the job in the cluster.
    /// </summary>
    public static Task<JobStatus> SubmitAsync(IGrainFactory grains, string jobId, JobDefinition job, IProgress<JobStatus>? progress = null,
        TimeSpan? poll = null, string? root = null, CancellationToken cancellation = default) =>
        RunAsync(grains, jobId, Prepare(job, root), progress, poll, cancellation);

    /// <summary>
    /// <see cref="SubmitAsync"/> for a job already checked by <see cref="Prepare"/> (e.g. before connecting to the
    /// cluster, so that bad input fails without one).
    /// </summary>
    public static async Task<JobStatus> RunAsync(IGrainFactory grains, string jobId, JobDefinition prepared, IProgress<JobStatus>? progress = null,
        TimeSpan? poll = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(prepared);
        var job = prepared;
        var grain = grains.GetGrain<IJobGrain>(jobId);
        var status = await grain.Submit(job);
        while (status.State == JobState.Running)
        {
            progress?.Report(status);
            try
            {
                await Task.Delay(poll ?? TimeSpan.FromMilliseconds(250), cancellation);
                status = await Poll(grain, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await grain.Cancel();
                throw;
            }
        }

        progress?.Report(status);
        switch (status.State)
        {
            case JobState.Failed:
                throw new ClusterJobException($"Job '{jobId}' failed: {string.Join("; ", status.Errors)}");
            case JobState.Cancelled:
                throw new ClusterJobException($"Job '{jobId}' was cancelled after {status.Done} of {status.Shards} shards.");
        }

        var folders = Enumerable.Range(0, job.ShardCount).Select(i => ShardFiles.Folder(job, i)).ToArray();
        if (folders.FirstOrDefault(f => !Directory.Exists(f)) is { } missing)
        {
            throw new ClusterJobException($"Job '{jobId}' is done but {missing} is missing: the output folder is not shared by every silo.");
        }

        // Only folders this job's shards wrote are merged (a planted or stale folder is refused, naming it).
        for (int i = 0; i < folders.Length; i++)
        {
            ShardManifest.Verify(job, job.Shard(i), folders[i]);
        }

        ShardOperations.Get(job.Operation).Merge(job, folders);
        return status;
    }

    // The job grain's silo may die between two polls: the call then fails until the grain is reactivated elsewhere from
    // its stored state (seconds), so transient failures are retried for up to two minutes.
    private static async Task<JobStatus> Poll(IJobGrain grain, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return await grain.Status().WaitAsync(TimeSpan.FromSeconds(10), cancellation);
            }
            catch (Exception ex) when ((ex is TimeoutException or OrleansException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
        }
    }
}
