using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Operations;

/// <summary>
/// What a run of an operation is asked to do besides its data: the options of its method (or of the method chosen from
/// its family), its own settings (<see cref="Operation.Settings"/>), and its extra array inputs by name (e.g.
/// <c>attribute</c>'s reference image), which travel with a cluster job as data.
/// </summary>
public sealed record OperationParameters(MethodOptions? Options = null, MethodOptions? Settings = null)
{
    /// <summary>Extra array inputs by <see cref="OperationInput.Name"/>; absent ones were not given.</summary>
    public IReadOnlyDictionary<string, float[]> Inputs { get; init; } = new Dictionary<string, float[]>();

    /// <summary>Extra text inputs (e.g. a policy) by <see cref="OperationInput.Name"/>; absent ones were not given.</summary>
    public IReadOnlyDictionary<string, InputText> Texts { get; init; } = new Dictionary<string, InputText>();
}

/// <summary>
/// An extra input an operation reads besides the images, by name: an array (a .npy file on the command line) or, with
/// <see cref="IsText"/>, a text (e.g. a policy file); <see cref="Required"/> when a run must give it.
/// </summary>
public sealed record OperationInput(string Name, string Help)
{
    /// <summary>Whether the input is a text file (else a float32 .npy array).</summary>
    public bool IsText { get; init; }

    /// <summary>Whether a run must give it.</summary>
    public bool Required { get; init; }
}

/// <summary>A text input and where it came from (a file's path, named in messages).</summary>
public sealed record InputText(string Source, string Text);

/// <summary>
/// A choice among registered methods: those whose options derive from <paramref name="OptionsBase"/>, picked by the
/// flag <paramref name="Selector"/> (<c>method</c> for <c>--method</c>); <paramref name="What"/> heads its help.
/// </summary>
public sealed record MethodFamily(Type OptionsBase, string Selector, string What)
{
    /// <summary>The methods of the family.</summary>
    public IReadOnlyList<MethodDescriptor> Methods => [.. MethodRegistry.OfType(OptionsBase)];
}
