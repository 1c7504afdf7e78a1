using System.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary>Wall-clock timing of a repeated action after warm-up: median and minimum in milliseconds.</summary>
internal static class Timing
{
    public static (double MedianMs, double MinMs) Measure(Action action, int warmup, int repeat)
    {
        if (repeat < 1)
        {
            throw new ArgumentException($"--repeat: expected at least 1, found {repeat}.");
        }

        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var ms = new double[repeat];
        for (int i = 0; i < repeat; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(ms);
        double median = repeat % 2 == 1 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2;
        return (median, ms[0]);
    }
}
