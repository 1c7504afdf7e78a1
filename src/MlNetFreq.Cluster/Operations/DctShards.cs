using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Data.Formats;
using MlNetFreq.Spectral.Dct;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Cluster.Operations;

/// <summary><c>dct</c>: the orthonormal 2-D DCT of every image (as <c>mlnetfreq dct</c>); merged: the spectra in order.</summary>
public sealed class DctShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "dct";

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => false;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (images, _, shape) = inputs.Slice(job, shard);
        var spectra = new float[images.Length];
        DctBackends.Shared(DctBackendKind.Managed).Transform(images, spectra, shape, DctDirection.Forward);
        NpyFile.Write(Path.Combine(folder, "spectra.npy"), spectra, shape.N, shape.C, shape.H, shape.W);
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        ShardFiles.Concatenate(folders.Select(f => Path.Combine(f, "spectra.npy")).ToArray(), job.OutputPath);
    }
}
