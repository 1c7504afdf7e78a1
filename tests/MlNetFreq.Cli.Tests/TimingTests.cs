using MlNetFreq.Cli.Commands;

namespace MlNetFreq.Cli.Tests;

public sealed class TimingTests
{
    [Fact]
    public void WithoutWarmUpTheActionRunsExactlyTheRepeatedTimes()
    {
        // bench autoattack divides the passes it counts by --repeat: a hidden warm-up run would double them.
        int calls = 0;
        Timing.Measure(() => calls++, warmup: 0, repeat: 1);
        Assert.Equal(1, calls);

        calls = 0;
        Timing.Measure(() => calls++, warmup: 2, repeat: 3);
        Assert.True(calls >= 5, $"{calls} calls"); // the warm-up also lasts Timing.MinWarmup, so usually many more
    }
}
