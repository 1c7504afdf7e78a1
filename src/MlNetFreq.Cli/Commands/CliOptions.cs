using System.CommandLine;
using System.CommandLine.Parsing;
using MlNetFreq.Spectral.Bands;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Cli.Commands;

/// <summary>Options shared by several commands, so that their names and help texts are the same everywhere.</summary>
internal static class CliOptions
{
    /// <summary>Indented JSON for reports; method options as the registry writes them (<c>{"method": …, options…}</c>).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new(Methods.Descriptors.MethodRegistry.Json)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static Option<string> RequiredPath(string name, string description) =>
        new(name) { Description = description, Required = true };

    public static Option<DctBackendKind> Backend() => new("--backend")
    {
        Description = "DCT backend: auto (an ILGPU GPU accelerator when one is present, else managed), managed (multi-threaded SIMD, fastest on CPU) or ilgpu (ILGPU kernels; its CPU accelerator when there is no GPU).",
        DefaultValueFactory = _ => DctBackendKind.Auto,
        CustomParser = r => Choice(r, DctBackends.Parse),
    };

    public static Option<BandLayout> Bands() => new("--bands")
    {
        Description = "Frequency bands: diagonal (k = u + v, the paper's bands; H+W-1 of them) or radial (k = round(sqrt(u^2 + v^2))).",
        DefaultValueFactory = _ => BandLayout.Diagonal,
        CustomParser = r => Choice(r, v => v.ToLowerInvariant() switch
        {
            "diagonal" => BandLayout.Diagonal,
            "radial" => BandLayout.Radial,
            _ => throw new ArgumentException($"--bands: expected diagonal or radial, found '{v}'."),
        }),
    };

    /// <summary>Parses an option's single token, reporting a bad value as a parse error (exit code 1 and the message).</summary>
    public static T Choice<T>(ArgumentResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.Tokens.Single().Value);
        }
        catch (ArgumentException ex)
        {
            result.AddError(ex.Message);
            return default!;
        }
    }

    public static Option<int?> Limit() => new("--limit")
    {
        Description = "Use the first this many images of the data set (default: all); more than it holds is an error.",
        HelpName = "count",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one line of JSON instead of a table.",
    };
}
