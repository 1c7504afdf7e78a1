using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetFreq.ML.Persistence;

/// <summary>
/// Saves and loads fitted models that contain our transformers, alone or in chains mixed with stock ML.NET
/// transformers. The file is a zip: <c>manifest.json</c> (format name, version, a tree of parts), for our parts
/// their options as JSON and embedded files, for stock parts a zip written by <c>mlContext.Model.Save</c>, and
/// optionally the input schema (stored through ML.NET as an empty chain).
/// </summary>
public static class MlNetFreqModel
{
    /// <summary>Format name in the manifest.</summary>
    public const string FormatName = "mlnetfreq-model";

    /// <summary>
    /// The format version this build writes and the newest it reads. 2: attack options as the method registry's JSON
    /// (<c>{"method": "pgd", …}</c>); version 1 (MlNetFreq 0.1.0) files still load, their attack settings upgraded.
    /// </summary>
    public const int FormatVersion = 2;

    private const string ManifestEntry = "manifest.json";
    private const string SchemaEntry = "input-schema.mlnet.zip";

    /// <summary>Saves <paramref name="model"/> to a file. Stock ML.NET parts need <paramref name="inputSchema"/>.</summary>
    public static void Save(ITransformer model, string path, MLContext? mlContext = null, DataViewSchema? inputSchema = null)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        Save(model, file, mlContext, inputSchema);
    }

    /// <summary>Saves <paramref name="model"/> to a stream.</summary>
    public static void Save(ITransformer model, Stream stream, MLContext? mlContext = null, DataViewSchema? inputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var ml = mlContext ?? new MLContext(seed: 0);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        int counter = 0;
        JsonNode root = WritePart(zip, model, inputSchema, ml, ref counter);
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = FormatVersion,
            ["writer"] = "MlNetFreq " + typeof(MlNetFreqModel).Assembly.GetName().Version,
            ["root"] = root,
            ["inputSchema"] = inputSchema is null ? null : SchemaEntry,
        };
        if (inputSchema is not null)
        {
            using var s = zip.CreateEntry(SchemaEntry).Open();
            ml.Model.Save(new TransformerChain<ITransformer>(), inputSchema, s);
        }

        using var m = zip.CreateEntry(ManifestEntry).Open();
        JsonSerializer.Serialize(m, manifest, PersistenceJson.Options);
    }

    /// <summary>Loads a model saved by <see cref="Save(ITransformer, string, MLContext?, DataViewSchema?)"/>.</summary>
    public static ITransformer Load(string path, MLContext? mlContext, out DataViewSchema? inputSchema)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: expected a saved MlNetFreq model, found nothing at that path.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(file, path, mlContext, out inputSchema);
    }

    /// <summary>Loads a model from a stream; <paramref name="source"/> names it in messages.</summary>
    public static ITransformer Load(Stream stream, string source, MLContext? mlContext, out DataViewSchema? inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ml = mlContext ?? new MLContext(seed: 0);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            JsonNode manifest = ReadManifest(zip, source);
            inputSchema = null;
            if (manifest["inputSchema"]?.GetValue<string>() is { } schemaEntry)
            {
                using var s = OpenEntry(zip, schemaEntry, source);
                ml.Model.Load(s, out inputSchema);
            }

            return ReadPart(zip, manifest["root"] ?? throw new ModelFormatException(source, "the manifest has no 'root' part."), ml, source);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new ModelFormatException(source, $"expected a saved MlNetFreq model (a zip with {ManifestEntry}), found unreadable content: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a file holding one transformer of type <typeparamref name="T"/>.</summary>
    public static T LoadSingle<T>(string path)
        where T : class, ITransformer
    {
        ITransformer model = Load(path, null, out _);
        return model as T ?? throw new ModelFormatException(path, $"expected a saved {typeof(T).Name}, found a {model.GetType().Name}.");
    }

    private static JsonNode WritePart(ZipArchive zip, ITransformer part, DataViewSchema? schema, MLContext ml, ref int counter)
    {
        int id = counter++;
        if (part is IPersistableTransformer ours)
        {
            var files = new JsonObject();
            foreach (var (name, bytes) in ours.EmbeddedFiles)
            {
                string entry = $"parts/{id}/{name}";
                using var s = zip.CreateEntry(entry, CompressionLevel.Optimal).Open();
                s.Write(bytes);
                files[name] = entry;
            }

            return new JsonObject { ["type"] = "mlnetfreq", ["kind"] = ours.Kind, ["options"] = ours.OptionsToJson(), ["files"] = files };
        }

        if (part is IEnumerable<ITransformer> chain && part.GetType().IsGenericType && part.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>))
        {
            var parts = new JsonArray();
            DataViewSchema? current = schema;
            foreach (var p in chain)
            {
                parts.Add(WritePart(zip, p, current, ml, ref counter));
                current = current is null ? null : p.GetOutputSchema(current);
            }

            return new JsonObject { ["type"] = "chain", ["parts"] = parts };
        }

        if (schema is null)
        {
            throw new ArgumentException(
                $"The model holds a stock ML.NET part ({part.GetType().Name}); saving it needs the input schema: pass inputSchema (e.g. data.Schema).", nameof(schema));
        }

        string stock = $"parts/{id}.mlnet.zip";
        using (var s = zip.CreateEntry(stock).Open())
        {
            ml.Model.Save(part, schema, s);
        }

        return new JsonObject { ["type"] = "mlnet", ["entry"] = stock };
    }

    private static ITransformer ReadPart(ZipArchive zip, JsonNode node, MLContext ml, string source)
    {
        string type = node["type"]?.GetValue<string>() ?? throw new ModelFormatException(source, "a part has no 'type'.");
        switch (type)
        {
            case "chain":
                {
                    var parts = (node["parts"] as JsonArray ?? throw new ModelFormatException(source, "a chain has no 'parts' array."))
                        .Select(p => ReadPart(zip, p ?? throw new ModelFormatException(source, "a chain part is null."), ml, source)).ToArray();
                    return new TransformerChain<ITransformer>(parts);
                }

            case "mlnet":
                {
                    string entry = node["entry"]!.GetValue<string>();
                    using var s = OpenEntry(zip, entry, source);
                    return ml.Model.Load(s, out _);
                }

            case "mlnetfreq":
                {
                    string kind = node["kind"]?.GetValue<string>() ?? throw new ModelFormatException(source, "a part has no 'kind'.");
                    if (!TransformerKinds.TryGet(kind, out var loader))
                    {
                        throw new ModelFormatException(source,
                            $"unknown transformer kind '{kind}'; this build knows {string.Join(", ", TransformerKinds.Known)}. Register the kind's loader in TransformerKinds.");
                    }

                    var files = new Dictionary<string, byte[]>();
                    if (node["files"] is JsonObject fileEntries)
                    {
                        foreach (var (name, entry) in fileEntries)
                        {
                            using var s = OpenEntry(zip, entry!.GetValue<string>(), source);
                            files[name] = s.ToArray();
                        }
                    }

                    return loader(node["options"] ?? new JsonObject(), files);
                }

            default:
                throw new ModelFormatException(source, $"unknown part type '{type}': expected chain, mlnet or mlnetfreq.");
        }
    }

    private static JsonNode ReadManifest(ZipArchive zip, string source)
    {
        using var s = OpenEntry(zip, ManifestEntry, source);
        JsonNode manifest = JsonNode.Parse(s) ?? throw new ModelFormatException(source, "the manifest is empty.");
        string? format = manifest["format"]?.GetValue<string>();
        if (format != FormatName)
        {
            throw new ModelFormatException(source, $"expected format '{FormatName}' in {ManifestEntry}, found '{format}'.");
        }

        int version = manifest["version"]?.GetValue<int>() ?? 0;
        if (version > FormatVersion)
        {
            throw new ModelFormatException(source,
                $"written in format version {version} by a newer MlNetFreq ({manifest["writer"]}); this build reads versions up to {FormatVersion}. Upgrade MlNetFreq.");
        }

        if (version < 1)
        {
            throw new ModelFormatException(source, $"expected a format version ≥ 1, found {version}.");
        }

        return manifest;
    }

    // An entry is read whole into memory (ML.NET's loader needs a seekable stream), within the model size cap: its declared
    // size is checked first, and the inflation stops as soon as it passes the cap (a zip bomb's header may lie).
    private static MemoryStream OpenEntry(ZipArchive zip, string name, string source)
    {
        var entry = zip.GetEntry(name) ?? throw new ModelFormatException(source, $"expected the entry '{name}' in the model zip, found none.");
        try
        {
            Onnx.Graph.ModelLimits.Check(entry.Length, $"{source} entry '{name}'");
            using var stream = entry.Open();
            return new MemoryStream(Onnx.Graph.ModelLimits.ReadBounded(stream, $"{source} entry '{name}'"), writable: false);
        }
        catch (Onnx.Graph.OnnxFormatException ex)
        {
            throw new ModelFormatException(source, ex.Message[source.Length..].TrimStart(), ex);
        }
    }
}
