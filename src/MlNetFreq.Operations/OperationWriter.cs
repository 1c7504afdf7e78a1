using MlNetFreq.Experiments.Figures;

namespace MlNetFreq.Operations;

/// <summary>
/// Where an operation's <see cref="Operation.Write"/> puts its files: a path per output name the run asked for (the
/// surface stages them: temporary names renamed into place only when every file is written; files inside a folder
/// output are staged one by one through <c>stageFile</c>), the parameters the result was measured with, the model's
/// name for figure legends, and how figures become files (the command line draws them; a surface without a renderer
/// refuses a figure output before any work).
/// </summary>
public sealed class OperationWriter(IReadOnlyDictionary<string, string> paths, string modelName, OperationParameters parameters,
    Action<FigureData, string>? render = null, Func<string, string, string>? stageFile = null)
{
    /// <summary>A writer for a run of method options only.</summary>
    public OperationWriter(IReadOnlyDictionary<string, string> paths, string modelName, Methods.Descriptors.MethodOptions? options, Action<FigureData, string>? render = null)
        : this(paths, modelName, new OperationParameters(options), render)
    {
    }

    /// <summary>The parameters the result was measured with (reports record them).</summary>
    public OperationParameters Parameters { get; } = parameters;

    /// <summary>The method options the result was measured with.</summary>
    public Methods.Descriptors.MethodOptions? Options => Parameters.Options;

    /// <summary>What the result was measured on (reports record it), when the surface knows it.</summary>
    public RunProvenance? Provenance { get; init; }

    /// <summary>The model's name, for figure legends.</summary>
    public string ModelName { get; } = modelName;

    /// <summary>Whether the run asked for output <paramref name="name"/>.</summary>
    public bool Has(string name) => paths.ContainsKey(name);

    /// <summary>The path to write output <paramref name="name"/> to.</summary>
    public string Path(string name) => paths.TryGetValue(name, out string? path) ? path
        : throw new InvalidOperationException($"{name}: the run did not ask for this output.");

    /// <summary>The path to write file <paramref name="fileName"/> of folder output <paramref name="name"/> to.</summary>
    public string FileIn(string name, string fileName)
    {
        string final = System.IO.Path.Combine(Path(name), fileName);
        if (stageFile is null)
        {
            Directory.CreateDirectory(Path(name)); // a C# caller's folder, written in place
            return final;
        }

        return stageFile(name, final);
    }

    /// <summary>Draws <paramref name="figure"/> into output <paramref name="name"/>, when the run asked for it.</summary>
    public void Figure(string name, Func<FigureData> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (Has(name))
        {
            Renderer(name)(figure(), Path(name));
        }
    }

    /// <summary>Draws <paramref name="figure"/> into file <paramref name="fileName"/> of folder output <paramref name="name"/>, when the run asked for it.</summary>
    public void Figure(string name, string fileName, Func<FigureData> figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (Has(name))
        {
            Renderer(name)(figure(), FileIn(name, fileName));
        }
    }

    /// <summary>Whether this surface draws figures (a report may then refer to them; without, it leaves them out and says so).</summary>
    public bool CanDrawFigures => (render ?? FigureOutput.Renderer) is not null;

    private Action<FigureData, string> Renderer(string name) =>
        render ?? FigureOutput.Renderer ?? throw new NotSupportedException($"{name}: this surface cannot draw figures; leave the figure output out.");
}

/// <summary>
/// What a result was measured on: the model's path and SHA-256 (null without a model), the data's path and the SHA-256
/// of the images and labels as read (<see cref="Methods.Validation.DataFingerprint"/>) — the same on one machine and on
/// a cluster.
/// </summary>
public sealed record RunProvenance(string? ModelPath, string? ModelSha256, string DataSha256)
{
    /// <summary>The data source's full path, when known.</summary>
    public string? DataPath { get; init; }
}

/// <summary>
/// How figures become files in this process: set once by a surface that draws them (the command line, whose client
/// also merges cluster jobs); null where none does, and a figure output is then refused.
/// </summary>
public static class FigureOutput
{
    /// <summary>Draws a figure into a PNG path.</summary>
    public static Action<FigureData, string>? Renderer { get; set; }
}
