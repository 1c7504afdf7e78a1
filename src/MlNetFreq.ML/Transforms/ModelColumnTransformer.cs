using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Schema;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Transforms;

/// <summary>
/// Base of our transformers that run an ONNX classifier: the model is read once from a path, embedded as
/// <c>model.onnx</c> when the transformer is saved, opened lazily, and checked against the image column's shape.
/// </summary>
public abstract class ModelColumnTransformer<TOptions> : ImageColumnTransformer<TOptions>, IDisposable
    where TOptions : class, IModelColumnOptions
{
    /// <summary>Name of the embedded model in saved files.</summary>
    protected const string ModelEntry = "model.onnx";

    private readonly byte[] _modelBytes;
    private readonly Lazy<ModelSession> _session;

    /// <summary>Wraps the model bytes (read from <see cref="IModelColumnOptions.ModelPath"/>, or embedded in a saved model).</summary>
    protected ModelColumnTransformer(TOptions options, byte[] modelBytes)
        : base(options)
    {
        _modelBytes = modelBytes ?? throw new ArgumentNullException(nameof(modelBytes));
        string source = options.ModelPath ?? "embedded model";
        _session = new Lazy<ModelSession>(() => ModelSession.Create(OnnxModelFile.Parse(_modelBytes, source), source,
            new ModelSessionOptions { NormalizeMean = options.NormalizeMean, NormalizeStd = options.NormalizeStd }));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, byte[]> EmbeddedFiles => new Dictionary<string, byte[]> { [ModelEntry] = _modelBytes };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_session.IsValueCreated)
        {
            _session.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The bytes of the model file at <paramref name="path"/>.</summary>
    protected static byte[] ReadModel(string? path)
    {
        if (path is null)
        {
            throw new ArgumentException("ModelPath: expected the path of an ONNX model, found none.", nameof(path));
        }

        return File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"{path}: expected an ONNX model file, found nothing at that path.", path);
    }

    /// <summary>The embedded model of a loaded part.</summary>
    protected static byte[] ModelFrom(IReadOnlyDictionary<string, byte[]> files, string kind)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files.TryGetValue(ModelEntry, out var bytes) ? bytes : throw new ModelFormatException("saved model", $"the {kind} part has no embedded {ModelEntry}.");
    }

    /// <summary>The session, after checking that the image column's shape is the model's input shape.</summary>
    protected ModelSession SessionFor(ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var session = _session.Value;
        if (shape.Channels != session.Channels || shape.Height != session.Height || shape.Width != session.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Schema mismatch for input column '{InputColumnName}': the model takes images of ({session.Channels}, {session.Height}, {session.Width}), got {shape}.");
        }

        return session;
    }
}
