namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// On an options record: an option its base declares that this method does not take (e.g. <c>targeted</c> for an attack
/// that picks its own targets). The option is then no flag or JSON key of the method, and naming it is the usual
/// "does not apply" error. Not inherited: a derived record states its own exceptions.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class OptionDoesNotApplyAttribute(string option) : Attribute
{
    /// <summary>The option's name, e.g. <c>targeted</c>.</summary>
    public string Option { get; } = option;
}
