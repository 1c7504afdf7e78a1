namespace MlNetFreq.Cluster.Hosting;

/// <summary>
/// Secrets come from the environment — a variable, or a file another variable names (a Kubernetes Secret mounted as a
/// file) — never from the command line, which every user of the machine can read.
/// </summary>
internal static class Secrets
{
    /// <summary>The secret in <paramref name="variable"/>, else the contents of the file <paramref name="fileVariable"/> names, else null.</summary>
    public static string? Read(Func<string, string?> environment, string variable, string fileVariable, string what)
    {
        if (environment(variable) is { } value)
        {
            return value;
        }

        if (environment(fileVariable) is not { } file)
        {
            return null;
        }

        return File.Exists(file) ? File.ReadAllText(file).Trim() : throw new FileNotFoundException($"{fileVariable}={file}: expected a file holding the {what} password, found nothing there.", file);
    }
}
