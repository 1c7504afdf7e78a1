using System.Diagnostics;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// Wall-clock timing of a repeated action after warm-up: median and minimum in milliseconds. A warm-up, when one is
/// asked for, lasts at least the requested calls and <see cref="MinWarmup"/>: .NET's tiered JIT promotes a hot method to
/// optimised code only after ~30 calls and a 100 ms delay, so a short fixed warm-up timed partly unoptimised code
/// (the FFT DCT at 48×48 measured 4× slower after 5 warm-up calls than after 200). <c>warmup: 0</c> calls the action
/// exactly <c>repeat</c> times (benches that count the work their runs do rely on it).
/// </summary>
internal static class Timing
{
    public static readonly TimeSpan MinWarmup = TimeSpan.FromSeconds(1);

    /// <summary>Times <paramref name="repeat"/> calls of <paramref name="action"/> after the warm-up.</summary>
    public static (double MedianMs, double MinMs) Measure(Action action, int warmup, int repeat)
    {
        if (repeat < 1)
        {
            throw new ArgumentException($"--repeat: expected at least 1, found {repeat}.");
        }

        long warmupStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup || (warmup > 0 && Stopwatch.GetElapsedTime(warmupStart) < MinWarmup); i++)
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
