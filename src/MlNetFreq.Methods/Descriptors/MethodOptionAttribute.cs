namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// Marks a property of a method's options record as a user-facing option. Its name (kebab-case) is the CLI flag
/// without <c>--</c>, the key in policy and persistence JSON, and the name in messages; its default is the property's
/// initial value in the record (the only place a default is written).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class MethodOptionAttribute(string name, string description) : Attribute
{
    /// <summary>Option name, e.g. <c>eps</c> or <c>binary-steps</c>.</summary>
    public string Name { get; } = name;

    /// <summary>What the option means for this method (help text).</summary>
    public string Description { get; } = description;
}
