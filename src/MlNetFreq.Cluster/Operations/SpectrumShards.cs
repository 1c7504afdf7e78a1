using System.Text.Json;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;
using MlNetFreq.ML.Spectra;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq.Cluster.Operations;

/// <summary>
/// <c>spectrum</c>: band spectra through the ML.NET band featurizer, as <c>mlnetfreq spectrum</c>; each shard keeps its
/// rows as .npy, and the merge streams them in shard order into one CSV or Parquet table — the same blocks, so the same
/// file as the one-machine command's.
/// </summary>
public sealed class SpectrumShards : IShardOperation
{
    /// <inheritdoc />
    public string Name => "spectrum";

    /// <inheritdoc />
    public IReadOnlyList<string> OutputExtensions => [".csv", ".parquet"];

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The job's options JSON for <paramref name="options"/> (what <see cref="Run"/> reads back).</summary>
    public static string OptionsJson(BandFeaturesOptions options) => JsonSerializer.Serialize(options, Json);

    private static BandFeaturesOptions Options(JobDefinition job)
    {
        if (string.IsNullOrEmpty(job.OptionsJson))
        {
            return new BandFeaturesOptions();
        }

        try
        {
            return JsonSerializer.Deserialize<BandFeaturesOptions>(job.OptionsJson, Json) ?? throw new ArgumentException("spectrum: the job has no band options.");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"spectrum: the job's options are not band options ({ex.Message})", ex);
        }
    }

    /// <inheritdoc />
    public bool NeedsLabels(JobDefinition job) => false;

    /// <inheritdoc />
    public void Check(JobDefinition job, ModelSession? model)
    {
        ArgumentNullException.ThrowIfNull(job);
        _ = Options(job);
    }

    /// <inheritdoc />
    public void Run(JobDefinition job, ShardInputs inputs, ShardRange shard, string folder)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shard);
        var (images, labels, shape) = inputs.Slice(job, shard);
        var set = new LabeledImages(new ImageTensor(images, shape), labels);
        var options = Options(job);
        int bands = BandSpectra.BandCount(set, options), written = 0;
        var values = new float[shard.Count * bands];
        BandSpectra.Write(set, options, (index, _, block) =>
        {
            block.CopyTo(values.AsSpan(written * bands));
            written += index.Length;
        });
        NpyFile.Write(Path.Combine(folder, "bands.npy"), values, shard.Count, bands);
        if (labels is not null)
        {
            NpyFile.Write(Path.Combine(folder, "labels.npy"), labels, shard.Count);
        }
    }

    /// <inheritdoc />
    public void Merge(JobDefinition job, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            return;
        }

        bool hasLabels = File.Exists(Path.Combine(folders[0], "labels.npy"));
        int bands = NpyFile.Read(Path.Combine(folders[0], "bands.npy")).Shape[1];
        ShardFiles.WriteWhole(job.OutputPath, temp =>
        {
            using var table = SpectrumTableWriter.Create(temp, bands, hasLabels);
            int next = 0;
            foreach (string folder in folders)
            {
                var values = NpyFile.Read(Path.Combine(folder, "bands.npy"));
                int rows = values.Shape[0];
                int[] labels = hasLabels ? NpyFile.ReadLabels(Path.Combine(folder, "labels.npy")) : [];
                table.Add(Enumerable.Range(next, rows).ToArray(), labels, values.ToSingle());
                next += rows;
            }
        });
    }
}
