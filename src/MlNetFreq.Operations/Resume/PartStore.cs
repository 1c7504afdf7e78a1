using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlNetFreq.Operations.Resume;

/// <summary>
/// Where a one-machine run keeps its parts as it goes, so that a stopped run resumes: one file per range of
/// <see cref="ImagesPerPart"/> images (<c>part-000000000.json</c>, …) in a folder beside the output (<c>OUTPUT.parts/</c>),
/// each bound to the run by <see cref="Binding"/> — the operation, its parameters, the model's and the data's SHA-256 and
/// the part size. A rerun of the same run reads the parts there instead of measuring them again; a part of another run
/// is an error that says what to do, never a result. The same parts, merged, are what a cluster's shards give.
/// </summary>
public sealed class PartStore
{
    private static readonly JsonSerializerOptions Json = new();

    /// <param name="folder">The folder of the parts (created when the first part is written).</param>
    /// <param name="imagesPerPart">Images measured, and kept, per part (at least 1).</param>
    /// <param name="binding">The run's identity (<see cref="Binding"/>).</param>
    public PartStore(string folder, int imagesPerPart, string binding)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(binding);
        if (imagesPerPart < 1)
        {
            throw new Methods.Descriptors.MethodOptionException("checkpoint", $"expected at least 1 image per part, found {imagesPerPart}.");
        }

        (Folder, ImagesPerPart, RunBinding) = (Path.GetFullPath(folder), imagesPerPart, binding);
    }

    /// <summary>The folder of the parts.</summary>
    public string Folder { get; }

    /// <summary>Images per part.</summary>
    public int ImagesPerPart { get; }

    /// <summary>The run's identity, written into every part.</summary>
    public string RunBinding { get; }

    /// <summary>Parts read back instead of measured, so far.</summary>
    public int Resumed { get; private set; }

    /// <summary>
    /// The identity of a run: SHA-256 of the operation's name, its checked parameters (options, settings, inputs as the
    /// job JSON writes them), the model's and the data's SHA-256 and the part size.
    /// </summary>
    public static string Binding(Operation operation, OperationParameters parameters, string? modelSha256, string dataSha256, int imagesPerPart)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(parameters);
        string text = JsonSerializer.Serialize(new
        {
            operation = operation.Name,
            options = Operation.OptionsToJson(parameters.Options),
            settings = operation.SettingsToJson(parameters.Settings),
            inputs = Operation.InputsToJson(parameters),
            model = modelSha256,
            data = dataSha256,
            images_per_part = imagesPerPart,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The part of images [<paramref name="start"/>, +<paramref name="count"/>) kept by an earlier run of this one, or null.</summary>
    public object? TryRead(Operation operation, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(operation);
        string path = PathOf(start);
        if (!File.Exists(path))
        {
            return null;
        }

        PartFile? file;
        try
        {
            file = JsonSerializer.Deserialize<PartFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new Data.DataFormatException(path, $"expected a part this command wrote, found a file that is not one ({ex.Message}); delete {Folder} to start afresh.", ex);
        }

        if (file is null || file.Binding != RunBinding || file.Start != start || file.Count != count)
        {
            throw new Data.DataFormatException(path, $"expected a part of this run (the same operation, options, model, data and --checkpoint), found one of another run; delete {Folder} to start afresh, or rerun with the options it was written with.");
        }

        Resumed++;
        return operation.PartFromJson(file.Part);
    }

    /// <summary>Keeps <paramref name="part"/> of images [<paramref name="start"/>, +<paramref name="count"/>): written whole, then renamed into place.</summary>
    public void Write(Operation operation, int start, int count, object part)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Directory.CreateDirectory(Folder);
        string path = PathOf(start), temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new PartFile(RunBinding, start, count, operation.PartToJson(part)), Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the folder once the outputs are written (nothing is left to resume).</summary>
    public void Delete()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private string PathOf(int start) => Path.Combine(Folder, $"part-{start:D9}.json");

    private sealed record PartFile(string Binding, int Start, int Count, string Part);
}
