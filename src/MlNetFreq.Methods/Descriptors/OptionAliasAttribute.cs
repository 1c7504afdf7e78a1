namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// Another accepted spelling of an enum option's value: on an enum member (e.g. <c>rand</c> for <c>random</c>, as the
/// reference code spells it), or on an option's property with <see cref="Value"/> naming the value it stands for
/// (for enums declared where this attribute cannot be seen, e.g. <c>mean-abs</c> for <c>mean-absolute</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true)]
public sealed class OptionAliasAttribute(string alias) : Attribute
{
    /// <summary>The alias.</summary>
    public string Alias { get; } = alias;

    /// <summary>On a property: the value's own text (as <see cref="MethodOption.Format"/> writes it) that the alias stands for.</summary>
    public string? Value { get; init; }
}
