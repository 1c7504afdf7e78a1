namespace MlNetFreq.Onnx.Sessions;

/// <summary>How a <see cref="ModelSession"/> loads and runs a model.</summary>
public sealed record ModelSessionOptions
{
    /// <summary>
    /// Per-channel mean of a normalisation the graph expects but does not contain (<c>(x − mean) / std</c>). With it,
    /// every method still works in [0, 1] pixel space: the normalisation is prepended to our copy of the graph, so
    /// gradients flow through it. Null when the graph normalises by itself.
    /// </summary>
    public float[]? NormalizeMean { get; init; }

    /// <summary>Per-channel standard deviation of that normalisation.</summary>
    public float[]? NormalizeStd { get; init; }

    /// <summary>Graph output holding the logits; null means the first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>
    /// ONNX Runtime intra-op threads; 0 (the default) means one per logical processor this process may use
    /// (<see cref="Environment.ProcessorCount"/>). ONNX Runtime's own default, used when the option is left unset, gives a
    /// single thread on small machines (measured on a 2-core machine: one busy thread), so we always set it.
    /// </summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// The intra-op thread count a session made with these options uses. More threads than logical processors cannot
    /// be meant (they only contend; 100,000 of them exhaust memory before ONNX Runtime says anything): an error.
    /// </summary>
    public int EffectiveIntraOpThreads => IntraOpThreads switch
    {
        0 => Environment.ProcessorCount,
        > 0 when IntraOpThreads <= Environment.ProcessorCount => IntraOpThreads,
        > 0 => throw new ArgumentException($"threads: expected at most {Environment.ProcessorCount} (the logical processors this process may use), found {IntraOpThreads}."),
        _ => throw new ArgumentException($"threads: expected 0 (one per logical processor) or a positive count, found {IntraOpThreads}."),
    };

    /// <summary>Rows per ONNX Runtime call; larger batches are split.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Use the CUDA execution provider (needs a build with the GPU package; see README).</summary>
    public bool UseCuda { get; init; }

    /// <summary>When set, ONNX Runtime writes a JSON profile of every run under this path prefix (see <see cref="ModelSession.EndProfiling"/>).</summary>
    public string? ProfilePrefix { get; init; }

    /// <summary>CUDA device ordinal.</summary>
    public int CudaDevice { get; init; }

    /// <summary>
    /// These options with an outside normalisation given as text: C means then C standard deviations, comma-separated
    /// (e.g. <c>0.4914,0.4822,0.4465,0.2471,0.2435,0.2616</c>). <paramref name="source"/> names the text in messages.
    /// </summary>
    public ModelSessionOptions WithNormalization(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => float.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float f) ? f : throw new ArgumentException($"{source}: expected numbers, found '{v}'."))
            .ToArray();
        if (values.Length == 0 || values.Length % 2 != 0)
        {
            throw new ArgumentException($"{source}: expected C means followed by C stds (an even count), found {values.Length} numbers.");
        }

        return this with { NormalizeMean = values[..(values.Length / 2)], NormalizeStd = values[(values.Length / 2)..] };
    }
}
