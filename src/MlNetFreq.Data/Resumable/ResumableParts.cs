using System.Globalization;
using System.Text.Json;
using MlNetFreq.Data.Formats;

namespace MlNetFreq.Data.Resumable;

/// <summary>
/// A long computation written in parts beside its final output, so that an interrupted run resumes where it stopped
/// and several workers can share it. Folder <c>OUTPUT.parts/</c> holds <c>settings.json</c> (what the parts were made
/// with: a run with other settings is refused rather than mixed in) and per part, keyed by the index of its first item,
/// <c>part-FIRST.npy</c> (its float32 values) and <c>part-FIRST.json</c> (its metadata). Each file is written under a
/// temporary name and renamed; the JSON is renamed last, so it marks a finished part and a part cut short by a crash is
/// simply made again. Nothing is written until the first part is saved.
/// </summary>
public sealed class ResumableParts
{
    private readonly string _settings;

    /// <summary>Opens (or prepares) the parts of <paramref name="output"/>; fails when existing parts were made with other settings.</summary>
    public ResumableParts(string output, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        Folder = Path.ChangeExtension(Path.GetFullPath(output), null) + ".parts";
        _settings = JsonSerializer.Serialize(settings.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
        string path = SettingsPath;
        if (File.Exists(path) && File.ReadAllText(path) != _settings)
        {
            throw new InvalidOperationException(
                $"{Folder} holds parts made with other settings ({File.ReadAllText(path)}); expected {_settings}. Delete the folder to start again, or rerun with the same settings to resume.");
        }
    }

    /// <summary>The parts folder.</summary>
    public string Folder { get; }

    private string SettingsPath => Path.Combine(Folder, "settings.json");

    /// <summary>True when the part starting at <paramref name="first"/> was finished.</summary>
    public bool IsFinished(long first) => File.Exists(MetadataPath(first)) && File.Exists(ValuesPath(first));

    /// <summary>The metadata of a finished part, or default when it still has to be made.</summary>
    public T? Metadata<T>(long first) => IsFinished(first) ? JsonSerializer.Deserialize<T>(File.ReadAllText(MetadataPath(first))) : default;

    /// <summary>The values of a finished part.</summary>
    public float[] Values(long first) => NpyFile.Read(ValuesPath(first)).ToSingle();

    /// <summary>Writes a part: its values (shape <paramref name="shape"/>) and metadata, each atomically, the metadata last.</summary>
    public void Save<T>(long first, ReadOnlySpan<float> values, int[] shape, T metadata)
    {
        Directory.CreateDirectory(Folder);
        if (!File.Exists(SettingsPath))
        {
            WriteAtomically(SettingsPath, p => File.WriteAllText(p, _settings));
        }

        var copy = values.ToArray();
        WriteAtomically(ValuesPath(first), p => NpyFile.Write(p, copy, shape));
        WriteAtomically(MetadataPath(first), p => File.WriteAllText(p, JsonSerializer.Serialize(metadata)));
    }

    /// <summary>Removes the parts folder (after the joined output is written).</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        string temp = path + ".tmp";
        write(temp);
        File.Move(temp, path, overwrite: true);
    }

    private string ValuesPath(long first) => Path.Combine(Folder, "part-" + first.ToString("D12", CultureInfo.InvariantCulture) + ".npy");

    private string MetadataPath(long first) => Path.ChangeExtension(ValuesPath(first), ".json");
}
