namespace MlNetFreq.Operations;

/// <summary>
/// One file an operation writes: its option name as the library knows it (<c>output</c>; the command line shows
/// <c>--output</c>), the extensions of the format written (the first is the default; where several, the extension
/// picks the format; none: the output is a folder of files), whether a run must name it, and what it holds.
/// </summary>
public sealed record OperationOutput(string Name, IReadOnlyList<string> Extensions, bool Required, string Help)
{
    /// <summary>Whether the output is a folder the operation writes files into.</summary>
    public bool IsFolder => Extensions.Count == 0;

    /// <summary>
    /// The output whose path this one is written beside (no flag of its own): <c>z.npy</c> → <c>z.labels.npy</c> for the
    /// extension <c>.labels.npy</c>; null for an output with its own flag.
    /// </summary>
    public string? Beside { get; init; }

    /// <summary>This output's path beside <paramref name="path"/> (the path of <see cref="Beside"/>).</summary>
    public string PathBeside(string path) => Path.ChangeExtension(path, null) + Extensions[0];
}
