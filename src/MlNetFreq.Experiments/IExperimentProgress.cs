namespace MlNetFreq.Experiments;

/// <summary>How an experiment reports its long stages (the CLI shows a progress bar per stage).</summary>
public interface IExperimentProgress
{
    /// <summary>Runs one stage of <paramref name="total"/> units; <paramref name="work"/> reports cumulative units done.</summary>
    T Stage<T>(string description, long total, Func<IProgress<int>?, T> work);
}

/// <summary>Runs stages without reporting them.</summary>
public sealed class NoProgress : IExperimentProgress
{
    /// <summary>The shared instance.</summary>
    public static NoProgress Instance { get; } = new();

    /// <inheritdoc />
    public T Stage<T>(string description, long total, Func<IProgress<int>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(null);
    }
}
