namespace MlNetFreq.Methods.Descriptors;

/// <summary>Another accepted spelling of an enum option's value (e.g. <c>rand</c> for <c>random</c>, as the reference code spells it).</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true)]
public sealed class OptionAliasAttribute(string alias) : Attribute
{
    /// <summary>The alias.</summary>
    public string Alias { get; } = alias;
}
