namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// A bad value of a method's option. <see cref="Option"/> is the option's name (<c>eps</c>); the message starts with it,
/// and each surface shows it as the user typed it (<c>--eps</c> at the command line, <c>"eps"</c> in a policy).
/// </summary>
public sealed class MethodOptionException(string option, string problem) : ArgumentException($"{option}: {problem}")
{
    /// <summary>The option's name.</summary>
    public string Option { get; } = option;

    /// <summary>What is wrong, without the option's name.</summary>
    public string Problem { get; } = problem;
}
