using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Cli.Output;

/// <summary>
/// A long generation written in chunks beside its final output, so that an interrupted run resumes where it
/// stopped: folder <c>OUTPUT.parts/</c> holds <c>settings.json</c> (what the chunks were made with; a rerun with other
/// settings is refused rather than mixed in), and per chunk <c>chunk-FIRST.npy</c> (images) and
/// <c>chunk-FIRST.json</c> (its per-step objective), the JSON written last so that it marks a finished chunk.
/// </summary>
internal sealed class ResumableChunks
{
    private readonly string _folder;

    public ResumableChunks(string output, IReadOnlyDictionary<string, string> settings)
    {
        _folder = Path.ChangeExtension(output, null) + ".parts";
        Directory.CreateDirectory(_folder);
        string settingsPath = Path.Combine(_folder, "settings.json");
        string text = JsonSerializer.Serialize(settings.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
        if (File.Exists(settingsPath) && File.ReadAllText(settingsPath) != text)
        {
            throw new InvalidOperationException(
                $"{_folder} holds chunks made with other settings ({File.ReadAllText(settingsPath)}); expected {text}. Delete the folder to start again, or rerun with the same settings to resume.");
        }

        File.WriteAllText(settingsPath, text);
    }

    public string Folder => _folder;

    /// <summary>The objective of a finished chunk, or null when it still has to be made.</summary>
    public double[]? Finished(int first)
    {
        string json = JsonPath(first);
        return File.Exists(json) && File.Exists(ImagesPath(first)) ? JsonSerializer.Deserialize<double[]>(File.ReadAllText(json)) : null;
    }

    public void Save(int first, ReadOnlySpan<float> images, int[] shape, double[] objective)
    {
        string temp = ImagesPath(first) + ".tmp";
        NpyFile.Write(temp, images, shape);
        File.Move(temp, ImagesPath(first), overwrite: true);
        File.WriteAllText(JsonPath(first) + ".tmp", JsonSerializer.Serialize(objective));
        File.Move(JsonPath(first) + ".tmp", JsonPath(first), overwrite: true);
    }

    public float[] Images(int first) => NpyFile.ReadImages(ImagesPath(first)).Data;

    public void Delete() => Directory.Delete(_folder, recursive: true);

    private string ImagesPath(int first) => Path.Combine(_folder, "chunk-" + first.ToString("D9", CultureInfo.InvariantCulture) + ".npy");

    private string JsonPath(int first) => Path.ChangeExtension(ImagesPath(first), ".json");
}
