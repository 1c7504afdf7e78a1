using System.Diagnostics;

namespace MlNetFreq.Cli.Tests;

/// <summary>Ctrl-C in the middle of writing: no final output and no temporary file is left behind.</summary>
public sealed class InterruptTests
{
    [RequiresSharedFact("data/cifar10/test_batch.bin")]
    public void SigintWhileWritingLeavesNothingBehind()
    {
        string dir = Directory.CreateTempSubdirectory("interrupt").FullName;
        string tool = Path.Combine(AppContext.BaseDirectory, "mlnetfreq.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { tool, "spectrum", "--input", Path.Combine(RepoPaths.Shared, "data", "cifar10"), "--output", Path.Combine(dir, "spectrum.csv") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        // Wait until the spectrum is being written (its hidden temporary exists), then interrupt.
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(dir, "*.tmp*").Any() && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(5);
        }

        Assert.False(process.HasExited, "the command ended before it wrote anything; the input is too small to interrupt");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(30_000), "the command did not stop on SIGINT");
        Assert.NotEqual(0, process.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }
}
