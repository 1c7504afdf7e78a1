using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Operations;

/// <summary>
/// What a run of an operation is asked to do besides its data: the options of its method (or of the method chosen from
/// its family), its own settings (<see cref="Operation.Settings"/>), and its extra array inputs by name (e.g.
/// <c>attribute</c>'s reference image), which travel with a cluster job as data.
/// </summary>
public sealed record OperationParameters(MethodOptions? Options = null, MethodOptions? Settings = null)
{
    /// <summary>Extra inputs by <see cref="OperationInput.Name"/>; absent ones were not given.</summary>
    public IReadOnlyDictionary<string, float[]> Inputs { get; init; } = new Dictionary<string, float[]>();
}

/// <summary>An extra array an operation reads besides the images (a .npy file on the command line), by name.</summary>
public sealed record OperationInput(string Name, string Help);

/// <summary>
/// A choice among registered methods: those whose options derive from <paramref name="OptionsBase"/>, picked by the
/// flag <paramref name="Selector"/> (<c>method</c> for <c>--method</c>); <paramref name="What"/> heads its help.
/// </summary>
public sealed record MethodFamily(Type OptionsBase, string Selector, string What)
{
    /// <summary>The methods of the family.</summary>
    public IReadOnlyList<MethodDescriptor> Methods => [.. MethodRegistry.OfType(OptionsBase)];
}
