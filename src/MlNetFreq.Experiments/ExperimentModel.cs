using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Experiments;

/// <summary>
/// One model of an experiment: <c>[NAME=]PATH[@MEAN…,STD…]</c>, e.g. <c>robust=models/r.onnx</c> or
/// <c>vnn=r.onnx@0.4914,0.4822,0.4465,0.2471,0.2435,0.2616</c> for a graph that expects normalised input.
/// </summary>
public sealed record ExperimentModel(string Name, string Path, string? Normalization)
{
    /// <summary>Parses <c>[NAME=]PATH[@MEAN…,STD…]</c>.</summary>
    public static ExperimentModel Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string rest = spec;
        string? normalization = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            normalization = rest[(at + 1)..];
            rest = rest[..at];
        }

        int eq = rest.IndexOf('=', StringComparison.Ordinal);
        string path = eq >= 0 ? rest[(eq + 1)..] : rest;
        string name = eq >= 0 ? rest[..eq] : System.IO.Path.GetFileNameWithoutExtension(path);
        if (path.Length == 0 || name.Length == 0)
        {
            throw new Methods.Descriptors.MethodOptionException("models", $"expected [NAME=]PATH[@MEAN…,STD…], found '{spec}'.");
        }

        return new ExperimentModel(name, path, normalization);
    }

    /// <summary>Loads the model with <paramref name="threads"/> intra-op threads (0: one per logical processor).</summary>
    public ModelSession Open(int threads)
    {
        var options = new ModelSessionOptions { IntraOpThreads = threads };
        if (Normalization is not null)
        {
            options = options.WithNormalization(Normalization, $"--models {Name}");
        }

        return ModelSession.Load(Path, options);
    }
}
