namespace MlNetFreq.Tests.Shared;

/// <summary>Locates the repository root (the folder holding MlNetFreq.sln) and the shared folder beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    public static string Models => Path.Combine(Root, "models");

    public static string Samples => Path.Combine(Root, "samples", "data");

    /// <summary>../shared next to the repository (present in CI and on developer machines).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetFreq.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find MlNetFreq.sln above " + AppContext.BaseDirectory);
    }
}
