using System.Diagnostics;
using System.Globalization;

namespace MlNetFreq.Cli.Output;

/// <summary>
/// Progress for a log: one line each time the work passes another tenth of <c>total</c> — "heatmap: 30 % (300 of 1000),
/// 12 s, about 28 s left" — so a run whose stderr goes to a file or a CI log says how far it is, not one "0%" line.
/// </summary>
internal sealed class ProgressLog(string description, long total, TextWriter log)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private int _tenthsShown;

    /// <summary>Adds <paramref name="units"/> of work done and writes a line for every tenth newly passed.</summary>
    public void Advance(long units)
    {
        _done += units;
        int tenths = total <= 0 ? 10 : (int)Math.Min(10, _done * 10 / total);
        if (tenths <= _tenthsShown)
        {
            return;
        }

        _tenthsShown = tenths;
        double seconds = _clock.Elapsed.TotalSeconds;
        string left = tenths >= 10 || _done <= 0 ? "" : $", about {F(seconds * (total - _done) / _done)} s left";
        log.WriteLine($"{description}: {tenths * 10} % ({_done} of {total}), {F(seconds)} s{left}");
    }

    private static string F(double seconds) => seconds.ToString(seconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
