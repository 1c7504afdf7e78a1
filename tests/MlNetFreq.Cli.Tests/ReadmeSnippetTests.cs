namespace MlNetFreq.Cli.Tests;

/// <summary>The README's ML.NET snippet is the sample CI compiles and runs, character for character.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void ReadmeShowsTheSnippetSampleVerbatim()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        string program = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "ReadmeSnippet", "Program.cs")).ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.Contains("```csharp\n" + program + "\n```", readme, StringComparison.Ordinal);
    }
}
