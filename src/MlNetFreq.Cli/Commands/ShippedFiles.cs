namespace MlNetFreq.Cli.Commands;

/// <summary>Finds files shipped with the tool (sample data, models): copied beside the executable at build time.</summary>
internal static class ShippedFiles
{
    public static string Find(string relativePath)
    {
        string path = Path.Combine(AppContext.BaseDirectory, relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path}: expected the shipped file {relativePath} beside the executable; rebuild the tool.", path);
    }
}
