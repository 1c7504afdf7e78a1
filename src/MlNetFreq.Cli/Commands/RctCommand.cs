using System.CommandLine;
using MlNetFreq.Cli.Output;
using System.Globalization;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Rct;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq rct</c>: where in the spectrum perturbed images differ from clean ones.</summary>
internal static class RctCommand
{
    public static Command Create()
    {
        var clean = CliOptions.RequiredPath("--clean", "Clean images .npy (float32 [N,C,H,W] or uint8 [N,H,W,C]).");
        var perturbed = CliOptions.RequiredPath("--perturbed", "Perturbed images .npy of the same shape (e.g. the output of attack).");
        var output = CliOptions.RequiredPath("--output", "RCT map as float32 .npy [H, W]: Σᵢ Σ_ch |ΔDᵢ(u,v)| / Σᵢ Σ_ch |D(xᵢ)(u,v)|.");
        var profile = new Option<string?>("--profile") { Description = "CSV of the band profile (band, rct) and the low/middle/high shares of Σ|ΔD|." };
        var plot = new Option<string?>("--plot") { Description = "PNG: the RCT heatmap and the band profile." };
        var bands = CliOptions.Bands();
        var compare = new Option<string[]>("--compare")
        {
            Description = "More perturbed sets for the --plot figure, as NAME=ADV.npy (repeatable): the paper's Figure 2, one heatmap per attack with a shared colour scale and the band profiles overlaid.",
            AllowMultipleArgumentsPerToken = true,
        };
        var name = new Option<string>("--name") { Description = "Label of --perturbed in the figure.", DefaultValueFactory = _ => "perturbation" };
        var command = new Command("rct", "Relative change in DCT between clean and perturbed images (ratios of sums over images and channels), its band profile and low/middle/high shares.")
        {
            clean, perturbed, output, profile, plot, bands, compare, name,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string mapPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            string? profilePath = r.GetValue(profile) is { } p ? outputs.Stage("--profile", p, ".csv") : null;
            string? plotPath = r.GetValue(plot) is { } f ? outputs.Stage("--plot", f, ".png") : null;
            var x = NpyFile.ReadImages(r.GetRequiredValue(clean));
            var xp = NpyFile.ReadImages(r.GetRequiredValue(perturbed));
            if (xp.Shape != x.Shape)
            {
                throw new ArgumentException($"--perturbed: expected the shape of --clean {x.Shape}, found {xp.Shape}.");
            }

            var result = RelativeChangeInDct.Compute(x.Data, xp.Data, x.Shape, r.GetValue(bands));
            NpyFile.Write(mapPath, result.Map, x.Shape.H, x.Shape.W);
            if (profilePath is { } csv)
            {
                var lines = new List<string> { "band,rct" };
                lines.AddRange(result.BandProfile.Select((v, k) => $"{k},{v.ToString("R", CultureInfo.InvariantCulture)}"));
                lines.Add($"# shares of sum |dD|: low {result.LowShare:F6}, middle {result.MiddleShare:F6}, high {result.HighShare:F6}");
                File.WriteAllLines(csv, lines);
            }

            if (plotPath is { } png)
            {
                var panels = new List<(string, RctResult)> { (r.GetRequiredValue(name), result) };
                foreach (string entry in r.GetValue(compare) ?? [])
                {
                    int at = entry.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        throw new ArgumentException($"--compare: expected NAME=ADV.npy, found '{entry}'.");
                    }

                    var other = NpyFile.ReadImages(entry[(at + 1)..]);
                    if (other.Shape != x.Shape)
                    {
                        throw new ArgumentException($"--compare {entry}: expected the shape of --clean {x.Shape}, found {other.Shape}.");
                    }

                    panels.Add((entry[..at], RelativeChangeInDct.Compute(x.Data, other.Data, x.Shape, r.GetValue(bands))));
                }

                Figures.RctFigures.Compare(png, panels);
            }

            outputs.Commit();
            Console.Error.WriteLine($"RCT shares of Σ|ΔD|: low {result.LowShare:F3}, middle {result.MiddleShare:F3}, high {result.HighShare:F3} -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }
}
