using System.CommandLine;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// The data options every command that reads images shares, declared once: <c>--input</c> (alias <c>--data</c>,
/// deprecated), <c>--labels</c> and <c>--limit</c>.
/// </summary>
internal sealed class DataOptions
{
    private const string Sources = "a .npy (float32 [N,C,H,W] with pixels in [0, 1], or uint8 [N,H,W,C]) or a data-set source: a CIFAR-10 .bin batch or a folder holding test_batch.bin, an IDX *idx3-ubyte[.gz] file or a folder holding t10k-images-idx3-ubyte.gz, or a folder of images with one sub-folder per class";

    /// <param name="role">What the images are for, first words of the --input help.</param>
    /// <param name="inputRequired">False where the command has a default data set (the experiments).</param>
    /// <param name="labels">How the command uses labels: null for not at all, else a description of their role.</param>
    /// <param name="labelsRequired">The command needs labels even for sources that carry none.</param>
    public DataOptions(string role, bool inputRequired = true, string? labels = null, bool labelsRequired = false)
    {
        Input = new Option<string?>("--input", "--data") { Description = $"{role}: {Sources}. (--data is a deprecated alias.)", Required = inputRequired };
        if (labels is not null)
        {
            Labels = new Option<string?>("--labels")
            {
                Description = $"{labels}: int32/int64 .npy [N]" + (labelsRequired ? "." : "; needed for a .npy --input (the other sources carry their labels)."),
                Required = labelsRequired,
            };
        }

        Limit = CliOptions.Limit();
    }

    public Option<string?> Input { get; }

    public Option<string?>? Labels { get; }

    public Option<int> Limit { get; }

    public void AddTo(Command command, bool limit = true)
    {
        command.Add(Input);
        if (Labels is not null)
        {
            command.Add(Labels);
        }

        if (limit)
        {
            command.Add(Limit);
        }
    }

    /// <summary>The input path (null when not given), with a note on stderr when the deprecated --data was typed.</summary>
    public string? InputPath(ParseResult r)
    {
        if (r.GetResult(Input)?.IdentifierToken?.Value == "--data")
        {
            Console.Error.WriteLine("note: --data is deprecated and will be removed in the next release; use --input.");
        }

        return r.GetValue(Input);
    }

    /// <summary>The labels path, or null.</summary>
    public string? LabelsPath(ParseResult r) => Labels is null ? null : r.GetValue(Labels);

    /// <summary>Loads the images (and labels) named on the command line, at most <c>--limit</c> of them (or <paramref name="limit"/>).</summary>
    public LabeledImages Load(ParseResult r, int? limit = null) =>
        DataSources.Load(InputPath(r) ?? throw new ArgumentException("--input: expected images, found none."), LabelsPath(r), limit ?? r.GetValue(Limit));
}
