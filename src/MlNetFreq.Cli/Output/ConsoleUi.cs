using Spectre.Console;

namespace MlNetFreq.Cli.Output;

/// <summary>Progress bars and tables go to stderr so that stdout stays clean for JSON and piping.</summary>
internal static class ConsoleUi
{
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static IAnsiConsole Out { get; } = AnsiConsole.Console;

    /// <summary>
    /// Runs <paramref name="work"/> with one progress bar of <paramref name="total"/> units on a terminal; when stderr is
    /// a log (redirected), a line at every tenth of the work instead, with the time so far and the time left.
    /// </summary>
    public static T WithProgress<T>(string description, long total, Func<Action<long>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Console.IsErrorRedirected)
        {
            var log = new ProgressLog(description, total, Console.Error);
            return work(log.Advance);
        }

        T result = default!;
        Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                result = work(done => task.Increment(done));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>
    /// A progress sink for methods that report the count of rows done so far: it advances a bar by the difference,
    /// synchronously on the caller's thread (<c>Progress&lt;T&gt;</c> would post to the thread pool).
    /// </summary>
    public static IProgress<int> CountUp(Action<long> advance) => new CumulativeProgress(advance);

    private sealed class CumulativeProgress(Action<long> advance) : IProgress<int>
    {
        private int _done;

        public void Report(int value)
        {
            advance(value - _done);
            _done = value;
        }
    }
}
