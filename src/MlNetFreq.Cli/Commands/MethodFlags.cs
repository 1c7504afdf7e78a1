using System.CommandLine;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>--method</c> and one flag per option name of the registered methods of a kind, derived from their descriptors:
/// the help lists each method's meaning and default; a flag given for a method that does not take it is an error that
/// names the methods it applies to; values are parsed by the option (enums case-insensitively) and validated by the
/// options record. Flags are strings here so that every message comes from the one parser and names the flag.
/// </summary>
internal sealed class MethodFlags
{
    private readonly IReadOnlyList<MethodDescriptor> _methods;
    private readonly Dictionary<string, Option<string?>> _flags = new(StringComparer.Ordinal);

    public MethodFlags(IEnumerable<MethodDescriptor> methods, string what, string selector = "--method")
        : this(methods.ToArray(), new Option<string>(selector) { Description = what, Required = true })
    {
        Method!.Description = $"{what}: " + string.Join(" ", _methods.Select(d => $"{d.Name}: {d.Summary}"));
        Method.AcceptOnlyFromAmong([.. _methods.Select(d => d.Name)]);
    }

    /// <summary>The flags of a registered operation's family of methods (e.g. every attack, chosen by <c>--method</c>).</summary>
    public MethodFlags(MlNetFreq.Operations.MethodFamily family)
        : this(family?.Methods ?? throw new ArgumentNullException(nameof(family)), family.What, "--" + family.Selector)
    {
    }

    /// <summary>The options of one method, without <c>--method</c> (e.g. <c>attribute</c>'s Occluded Frequency).</summary>
    public MethodFlags(MethodDescriptor method)
        : this([method], null)
    {
    }

    private MethodFlags(MethodDescriptor[] methods, Option<string>? method)
    {
        _methods = methods;
        Method = method;
        foreach (var group in _methods.SelectMany(d => d.Options.Select(o => (Method: d, Option: o))).GroupBy(p => p.Option.Name, StringComparer.Ordinal))
        {
            var first = group.First().Option;
            var flag = new Option<string?>("--" + group.Key)
            {
                Description = Help(group.ToArray(), single: _methods.Count == 1),
                HelpName = first.ValueType.IsEnum ? string.Join("|", first.Choices.Select(c => c.Split(' ')[0])) : first.ValueType.Name.ToLowerInvariant() switch
                {
                    "double" => "number",
                    "int32" => "integer",
                    "boolean" => "true|false",
                    _ => "value",
                },
            };
            if (first.ValueType == typeof(bool))
            {
                flag.Arity = ArgumentArity.ZeroOrOne; // "--early-stop" alone means true
            }

            _flags[group.Key] = flag;
        }
    }

    public Option<string>? Method { get; }

    public void AddTo(Command command)
    {
        if (Method is not null)
        {
            command.Add(Method);
        }

        foreach (var flag in _flags.Values)
        {
            command.Add(flag);
        }
    }

    /// <summary>The chosen method's descriptor.</summary>
    public MethodDescriptor Descriptor(ParseResult r) => Method is null ? _methods[0] : _methods.Single(d => d.Name == r.GetRequiredValue(Method));

    /// <summary>The chosen method's options: its defaults with the flags given applied, validated.</summary>
    public MethodOptions Create(ParseResult r)
    {
        var descriptor = Descriptor(r);
        var values = new List<KeyValuePair<string, object?>>();
        foreach (var (name, flag) in _flags)
        {
            if (r.GetResult(flag) is not { } given)
            {
                continue;
            }

            var option = descriptor.Option(name) ?? throw new ArgumentException(
                $"--{name} does not apply to {Method?.Name ?? "--method"} {descriptor.Name}; it applies to {string.Join(", ", _methods.Where(d => d.Option(name) is not null).Select(d => d.Name))}. "
                + $"{descriptor.Name} takes {string.Join(", ", descriptor.Options.Select(o => "--" + o.Name))}.");
            string text = given.Tokens.Count == 0 ? "true" : given.Tokens[0].Value;
            values.Add(KeyValuePair.Create(name, Flagged(() => option.Parse(text))));
        }

        var options = descriptor.With(descriptor.CreateDefault(), values);
        Flagged(() =>
        {
            options.Validate();
            return 0;
        });
        return options;
    }

    /// <summary>Runs <paramref name="body"/>, turning a method option's error into one that names the flag the user typed.</summary>
    public static T Flagged<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (MethodOptionException ex)
        {
            throw new ArgumentException($"--{ex.Option}: {ex.Problem}", ex);
        }
    }

    // One sentence per distinct meaning, with the methods and defaults it holds for, e.g.
    // "L∞ budget ε; default 0.03137 (fgsm, pgd), 0.03 (lowfreq-pgd). L2 budget ε; default 1 (pgd-l2). …"
    private static string Help((MethodDescriptor Method, MethodOption Option)[] uses, bool single)
    {
        var first = uses[0].Option;
        string choices = first.ValueType.IsEnum ? $" Values: {string.Join(", ", first.Choices)}." : "";
        var meanings = uses.GroupBy(u => u.Option.Description).Select(m => m.Key.TrimEnd('.') + "; default "
            + string.Join(", ", m.GroupBy(u => Short(u.Option.Default)).Select(d => single ? d.Key : $"{d.Key} ({string.Join(", ", d.Select(u => u.Method.Name))})")) + ".");
        return string.Join(" ", meanings) + choices;
    }

    private static string Short(object? value) => value is double d ? d.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : MethodOption.Format(value);
}
