namespace MlNetFreq.Experiments;

/// <summary>
/// One of the paper's experiments: it runs on <see cref="ExperimentInputs"/> and returns an <see cref="ExperimentReport"/>
/// — its numbers, the paper's claims with our verdicts, and its figures as data — without writing any file.
/// </summary>
public interface IExperiment
{
    /// <summary>Name on the command line, e.g. <c>attacks</c>.</summary>
    string Name { get; }

    /// <summary>Title of its summary.</summary>
    string Title { get; }

    /// <summary>One line: what it does.</summary>
    string Description { get; }

    /// <summary>How many of the default models it uses (natural first, then robust).</summary>
    int DefaultModels { get; }

    /// <summary>Images it uses by default.</summary>
    int DefaultLimit { get; }

    /// <summary>Runs the experiment.</summary>
    ExperimentReport Run(ExperimentInputs inputs, IExperimentProgress? progress = null);
}
