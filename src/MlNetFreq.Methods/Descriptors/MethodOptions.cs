namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// Base of every method's options record: the record's initial values are the method's only defaults, and
/// <see cref="Validate"/> checks the values that do not depend on the data (a model or image size is checked where
/// the method meets them).
/// </summary>
public abstract record MethodOptions
{
    /// <summary>Throws <see cref="MethodOptionException"/> naming the first bad option.</summary>
    public void Validate()
    {
        foreach (var (option, problem) in Problems())
        {
            throw new MethodOptionException(option, problem);
        }
    }

    /// <summary>The bad values, as (option name, what is wrong).</summary>
    protected virtual IEnumerable<(string Option, string Problem)> Problems() => [];

    /// <summary>A problem unless <paramref name="value"/> is finite and ≥ 0.</summary>
    protected static IEnumerable<(string, string)> NonNegative(double value, string option) =>
        value >= 0 && !double.IsInfinity(value) ? [] : [(option, $"expected a finite value ≥ 0, found {MethodOption.Format(value)}.")];

    /// <summary>
    /// A problem unless <paramref name="value"/> is finite and &gt; 0; for a zero, <paramref name="zeroMeans"/> says what
    /// it would do (a degenerate value runs without error and reports a number that measures nothing).
    /// </summary>
    protected static IEnumerable<(string, string)> Positive(double value, string option, string zeroMeans) =>
        value > 0 && !double.IsInfinity(value) ? []
        : [(option, $"expected a finite value > 0, found {MethodOption.Format(value)}" + (value == 0 ? $": {zeroMeans}." : "."))];

    /// <summary>A problem unless <paramref name="value"/> ≥ <paramref name="min"/>.</summary>
    protected static IEnumerable<(string, string)> AtLeast(int value, int min, string option) =>
        value >= min ? [] : [(option, $"expected at least {min}, found {value}.")];

    /// <summary>A problem unless <paramref name="value"/> lies in (0, 1].</summary>
    protected static IEnumerable<(string, string)> Fraction(double value, string option) =>
        value > 0 && value <= 1 ? [] : [(option, $"expected a fraction in (0, 1], found {MethodOption.Format(value)}.")];

    /// <summary>A shallow copy (records' own copy constructors are not reachable generically).</summary>
    internal MethodOptions Copy() => (MethodOptions)MemberwiseClone();
}
