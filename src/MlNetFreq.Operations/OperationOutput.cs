namespace MlNetFreq.Operations;

/// <summary>
/// One file an operation writes: its option name as the library knows it (<c>output</c>; the command line shows
/// <c>--output</c>), the extensions of the format written (the first is the default), whether a run must name it, and
/// what it holds.
/// </summary>
public sealed record OperationOutput(string Name, IReadOnlyList<string> Extensions, bool Required, string Help);
