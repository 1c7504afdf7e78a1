using System.Text.Json.Nodes;
using Microsoft.ML;

namespace MlNetFreq.ML.Persistence;

/// <summary>A transformer of ours that <see cref="MlNetFreqModel"/> can save: a kind name, JSON options and embedded files.</summary>
public interface IPersistableTransformer : ITransformer
{
    /// <summary>Kind name registered in <see cref="TransformerKinds"/>.</summary>
    string Kind { get; }

    /// <summary>The options as JSON.</summary>
    JsonNode OptionsToJson();

    /// <summary>Files stored beside the options (e.g. ONNX model bytes), by name.</summary>
    IReadOnlyDictionary<string, byte[]> EmbeddedFiles { get; }
}
