using MlNetFreq.Cli.Output;

namespace MlNetFreq.Cli.Tests;

/// <summary>Progress in a log: a line at each tenth passed, never twice for one tenth, the last at 100 %.</summary>
public sealed class ProgressLogTests
{
    [Fact]
    public void ALineAtEveryTenthPassed()
    {
        var writer = new StringWriter();
        var log = new ProgressLog("heatmap", 1000, writer);
        foreach (long step in new long[] { 50, 60, 5, 385, 500 })
        {
            log.Advance(step);
        }

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["heatmap: 10 % (110 of 1000)", "heatmap: 50 % (500 of 1000)", "heatmap: 100 % (1000 of 1000)"], lines.Select(l => l[..l.IndexOf(')', StringComparison.Ordinal)] + ")"));
        Assert.Contains("s left", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("left", lines[^1], StringComparison.Ordinal);
    }
}
