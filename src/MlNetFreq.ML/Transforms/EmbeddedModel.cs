using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Transforms;

/// <summary>The ONNX model a transformer carries: read once from a path, embedded when saved, opened lazily.</summary>
internal static class EmbeddedModel
{
    public static byte[] Read(string? path)
    {
        if (path is null)
        {
            throw new ArgumentException("ModelPath: expected the path of an ONNX model, found none.", nameof(path));
        }

        return File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"{path}: expected an ONNX model file, found nothing at that path.", path);
    }

    public static byte[] From(IReadOnlyDictionary<string, byte[]> files, string entry, string kind) =>
        files.TryGetValue(entry, out var bytes) ? bytes : throw new ModelFormatException("saved model", $"the {kind} part has no embedded {entry}.");

    public static Lazy<ModelSession> Session(byte[] bytes, string? path, float[]? mean, float[]? std) =>
        new(() => ModelSession.Create(OnnxModelFile.Parse(bytes, path ?? "embedded model"), path ?? "embedded model",
            new ModelSessionOptions { NormalizeMean = mean, NormalizeStd = std }));

    /// <summary>Checks that the image column's shape is the model's input shape.</summary>
    public static ModelSession Check(ModelSession session, ImageShape shape, string column)
    {
        if (shape.Channels != session.Channels || shape.Height != session.Height || shape.Width != session.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Schema mismatch for input column '{column}': the model takes images of ({session.Channels}, {session.Height}, {session.Width}), got {shape}.");
        }

        return session;
    }
}
