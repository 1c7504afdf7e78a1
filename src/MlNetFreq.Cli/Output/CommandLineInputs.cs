using System.CommandLine;
using System.CommandLine.Parsing;

namespace MlNetFreq.Cli.Output;

/// <summary>
/// Every path the running command line names (option and argument values that are existing files), so that an output
/// can be refused when it is one of them — whatever the flag that names the input (<c>--input</c>, <c>--labels</c>,
/// <c>--model</c>, <c>--reference</c>, <c>--state</c>, …). Set by <see cref="Program.Main"/> for the command it runs.
/// </summary>
internal static class CommandLineInputs
{
    private static readonly AsyncLocal<IReadOnlyList<(string Option, string? Path)>> Current = new();

    /// <summary>The (flag, path) pairs of the command being run; empty outside one.</summary>
    public static IReadOnlyList<(string Option, string? Path)> All => Current.Value ?? [];

    /// <summary>Records the paths named by <paramref name="parsed"/>.</summary>
    public static void Set(ParseResult parsed)
    {
        var found = new List<(string, string?)>();
        for (SymbolResult? result = parsed.CommandResult; result is not null; result = result.Parent)
        {
            foreach (var child in result is CommandResult command ? command.Children : [])
            {
                string name = child switch
                {
                    OptionResult o => o.Option.Name,
                    ArgumentResult a => a.Argument.Name,
                    _ => "",
                };
                foreach (var token in child.Tokens.Where(t => File.Exists(t.Value)))
                {
                    found.Add((name, token.Value));
                }
            }
        }

        Current.Value = found;
    }
}
