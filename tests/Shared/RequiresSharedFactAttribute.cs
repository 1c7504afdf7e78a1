namespace MlNetFreq.Tests.Shared;

/// <summary>
/// A fact that needs a path under ../shared (the data and models next to the repository). It runs wherever that
/// path exists (CI and developer machines) and is reported as skipped, naming the missing path, elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresSharedFactAttribute : FactAttribute
{
    public RequiresSharedFactAttribute(string relativePath)
    {
        string full = Path.Combine(RepoPaths.Shared, relativePath);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            Skip = $"{full} is absent: this check runs only where ../shared holds it.";
        }
    }
}

/// <summary>
/// A theory over fixtures that <c>scripts/fixtures.sh</c> generates with PyTorch into tests/fixtures/generated (too
/// large to commit; CI generates them). Reported as skipped, naming the script, where they were not generated.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresGeneratedFixturesTheoryAttribute : TheoryAttribute
{
    public RequiresGeneratedFixturesTheoryAttribute()
    {
        string dir = Path.Combine(RepoPaths.Fixtures, "generated");
        if (!Directory.Exists(dir) || Directory.GetFiles(dir, "*.onnx").Length == 0)
        {
            Skip = $"{dir} holds no generated models: run scripts/fixtures.sh (PyTorch) first.";
        }
    }
}
