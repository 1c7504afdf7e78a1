namespace MlNetFreq.Data.Outputs;

/// <summary>
/// The contract on every path a run writes, checked before any work starts, on every surface (command line, C#,
/// cluster submission): an output is never one of the inputs (the same path, a hard link or a symbolic link to it),
/// never something other than a regular file where it already exists (a directory, device, FIFO, socket or symbolic
/// link would be replaced or written through), never named twice, and its extension is that of the format written.
/// Messages name the option (<c>output</c>, <c>report</c>, …) as the caller passes it.
/// </summary>
public static class OutputTarget
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="path"/>, given as <paramref name="option"/>, may be
    /// written: an extension among <paramref name="extensions"/> (with the dot, case-insensitive; none: any), nothing
    /// but a regular file there now, and not the same file as any of <paramref name="inputs"/> (option, path) pairs.
    /// </summary>
    public static void Check(string option, string path, IEnumerable<(string Option, string? Path)> inputs, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(extensions);
        if (extensions.Length > 0 && !extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            string found = Path.GetExtension(path) is { Length: > 0 } ext ? $"'{ext}'" : "no extension";
            throw new ArgumentException($"{option} {path}: expected a file name ending in {string.Join(" or ", extensions)} (the format written), found {found}.");
        }

        CheckKind(option, path);
        foreach (var (inputOption, input) in inputs)
        {
            if (input is not null && File.Exists(input) && File.Exists(path) && FileIdentity.Same(path, input))
            {
                throw new ArgumentException($"{option} {path}: expected a path other than the inputs', found the same file as {inputOption} {input} (writing it would destroy the input); choose another output path.");
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="folder"/>, given as <paramref name="option"/>, may receive an output's files: nothing
    /// or a directory there (not a file, link, device, FIFO or socket), and none of <paramref name="inputs"/>.
    /// </summary>
    public static void CheckFolder(string option, string folder, IEnumerable<(string Option, string? Path)> inputs)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(inputs);
        if (FileIdentity.KindOf(folder) is { } kind and not "directory")
        {
            throw new ArgumentException($"{option} {folder}: expected a new or an existing folder, found a {kind}; choose a folder path.");
        }

        if (inputs.FirstOrDefault(i => i.Path is not null && Path.GetFullPath(i.Path) == Path.GetFullPath(folder)) is { Path: not null } same)
        {
            throw new ArgumentException($"{option} {folder}: expected a folder other than the inputs', found {same.Option} {same.Path}.");
        }
    }

    /// <summary>Throws unless nothing, or a regular file, is at <paramref name="path"/> (not a directory, link, device, FIFO or socket).</summary>
    public static void CheckKind(string option, string path)
    {
        string? kind = FileIdentity.KindOf(path);
        if (kind is not null and not "file")
        {
            throw new ArgumentException($"{option} {path}: expected a new or a regular file, found a {kind} (it would be replaced or written through); choose a file path.");
        }
    }

    /// <summary>What is at <paramref name="path"/> without following a final link: "file", "directory", "symbolic link", "FIFO", "socket", a device, or null for nothing.</summary>
    public static string? KindOf(string path) => FileIdentity.KindOf(path);
}
