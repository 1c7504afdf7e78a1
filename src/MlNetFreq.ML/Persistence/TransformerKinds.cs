using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq.ML.Persistence;

/// <summary>
/// Loaders of our transformer kinds by name. Libraries built on MlNetFreq register their own kinds here so that
/// <see cref="MlNetFreqModel.Load(string, MLContext?, out DataViewSchema?)"/> can rebuild them.
/// </summary>
public static class TransformerKinds
{
    private static readonly ConcurrentDictionary<string, Func<JsonNode, IReadOnlyDictionary<string, byte[]>, ITransformer>> Loaders = new()
    {
        [DctTransformer.KindName] = DctTransformer.FromJson,
        [BandFeaturesTransformer.KindName] = BandFeaturesTransformer.FromJson,
        [OccludedFrequencyTransformer.KindName] = OccludedFrequencyTransformer.FromJson,
        [AdversarialTransformer.KindName] = AdversarialTransformer.FromJson,
        [CorruptionTransformer.KindName] = CorruptionTransformer.FromJson,
        [FrequencyFilterTransformer.KindName] = FrequencyFilterTransformer.FromJson,
    };

    /// <summary>Registers (or replaces) the loader of <paramref name="kind"/>.</summary>
    public static void Register(string kind, Func<JsonNode, IReadOnlyDictionary<string, byte[]>, ITransformer> loader) =>
        Loaders[kind] = loader ?? throw new ArgumentNullException(nameof(loader));

    internal static bool TryGet(string kind, out Func<JsonNode, IReadOnlyDictionary<string, byte[]>, ITransformer> loader) =>
        Loaders.TryGetValue(kind, out loader!);

    internal static IEnumerable<string> Known => Loaders.Keys.Order(StringComparer.Ordinal);
}
