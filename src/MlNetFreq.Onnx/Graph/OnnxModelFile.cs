using Google.Protobuf;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Graph;

/// <summary>Reads and writes ONNX <see cref="ModelProto"/> files with clear errors.</summary>
public static class OnnxModelFile
{
    /// <summary>Reads a model file.</summary>
    public static ModelProto Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: expected an ONNX model file, found nothing at that path.", path);
        }

        ModelLimits.Check(new FileInfo(path).Length, path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses model bytes; <paramref name="source"/> names them in messages.</summary>
    public static ModelProto Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxFormatException($"{source}: expected an ONNX ModelProto, found bytes that do not parse ({ex.Message}).", ex);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0 || model.Graph.Input.Count == 0 || model.Graph.Output.Count == 0)
        {
            throw new OnnxFormatException($"{source}: expected an ONNX model with a graph of nodes, inputs and outputs, found {(model.Graph is null ? "no graph" : $"{model.Graph.Node.Count} nodes, {model.Graph.Input.Count} inputs, {model.Graph.Output.Count} outputs")}.");
        }

        return model;
    }

    /// <summary>Writes a model file.</summary>
    public static void Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        File.WriteAllBytes(path, model.ToByteArray());
    }

    /// <summary>Version of the default ("" or "ai.onnx") operator set the model imports.</summary>
    public static long DefaultOpset(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
    }
}
