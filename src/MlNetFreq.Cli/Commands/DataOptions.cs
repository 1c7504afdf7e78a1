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
    /// <param name="shippedDefault">Where --input is optional: the images and labels read when it is not given (found when needed).</param>
    public DataOptions(string role, bool inputRequired = true, string? labels = null, bool labelsRequired = false, Func<(string Images, string Labels)>? shippedDefault = null)
    {
        _shippedDefault = shippedDefault;
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
        Layout = new Option<ImageLayout>("--layout")
        {
            Description = "Axis order of a .npy --input: auto (float [N,C,H,W], uint8 [N,H,W,C]; a float array shaped like [N,H,W,C] is refused as ambiguous), nchw or nhwc.",
            DefaultValueFactory = _ => ImageLayout.Auto,
            HelpName = "auto|nchw|nhwc",
            CustomParser = r => CliOptions.Choice(r, v => v.ToLowerInvariant() switch
            {
                "auto" => ImageLayout.Auto,
                "nchw" => ImageLayout.Nchw,
                "nhwc" => ImageLayout.Nhwc,
                _ => throw new ArgumentException($"--layout: expected auto, nchw or nhwc, found '{v}'."),
            }),
        };
        Scale = new Option<double>("--scale")
        {
            Description = "Divide the input's pixel values by this (e.g. 255 for float images holding 0–255 values); pixels must end up in [0, 1].",
            DefaultValueFactory = _ => 1.0,
            HelpName = "number",
        };
    }

    private readonly Func<(string Images, string Labels)>? _shippedDefault;

    // A command asks for the input path several times (loading, messages, settings); the note is said once.
    private bool _noted;

    public Option<string?> Input { get; }

    public Option<string?>? Labels { get; }

    public Option<int?> Limit { get; }

    public Option<ImageLayout> Layout { get; }

    public Option<double> Scale { get; }

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

        command.Add(Layout);
        command.Add(Scale);
    }

    /// <summary>The input path (null when not given), with a note on stderr — once — when the deprecated --data was typed.</summary>
    public string? InputPath(ParseResult r)
    {
        if (!_noted && r.GetResult(Input)?.IdentifierToken?.Value == "--data")
        {
            _noted = true;
            Console.Error.WriteLine("note: --data is deprecated and will be removed in the next release; use --input.");
        }

        return r.GetValue(Input);
    }

    /// <summary>The labels path, or null.</summary>
    public string? LabelsPath(ParseResult r) => Labels is null ? null : r.GetValue(Labels);

    /// <summary>The images read: --input, or the shipped default when it was not given.</summary>
    public string ImagesPath(ParseResult r) =>
        InputPath(r) ?? _shippedDefault?.Invoke().Images ?? throw new ArgumentException("--input: expected images, found none.");

    /// <summary>
    /// Loads the images (and labels) named on the command line (or the shipped default), at most <c>--limit</c> of them
    /// (or <paramref name="limit"/>), divided by <c>--scale</c>, and checks the pixels: finite and in [0, 1] (unless
    /// <paramref name="pixels"/> is false: a transform of any tensor, e.g. DCT coefficients).
    /// </summary>
    public LabeledImages Load(ParseResult r, int? limit = null, bool pixels = true) => Load(r, limit, null, pixels);

    /// <summary>
    /// Throws when <c>--limit</c> asks for more images than the source holds: a run on fewer images than asked is
    /// refused rather than done quietly (a gate or a table would report a sample size nobody chose).
    /// </summary>
    public void CheckLimit(ParseResult r, int read, string path)
    {
        if (r.GetValue(Limit) is { } limit && read < limit)
        {
            throw new ArgumentException($"--limit {limit}: expected at most the {read} images of {path}, found {limit}; leave --limit out to use all of them.");
        }
    }

    /// <summary>The labels of a loaded set, or the error that asks for --labels (a .npy input carries none).</summary>
    public static int[] LabelsOf(LabeledImages set) =>
        set?.Labels ?? throw new ArgumentException("--labels: the input carries no labels; pass --labels Y.npy.");

    private LabeledImages Load(ParseResult r, int? limit, int? channels, bool pixels = true)
    {
        string path = ImagesPath(r);
        string? labels = LabelsPath(r) ?? (InputPath(r) is null ? _shippedDefault?.Invoke().Labels : null);
        double scale = r.GetValue(Scale);
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentException($"--scale: expected a positive number, found {scale}.");
        }

        int count = limit ?? r.GetValue(Limit) ?? int.MaxValue;
        if (count < 1)
        {
            throw new ArgumentException($"--limit: expected at least 1 image, found {count}.");
        }

        var set = DataSources.Load(path, labels, count, r.GetValue(Layout), channels);
        CheckLimit(r, set.Images.Shape.N, path);
        if (scale != 1)
        {
            var data = set.Images.Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(data[i] / scale);
            }
        }

        if (pixels)
        {
            ImageContract.CheckPixels(set.Images.Data, path);
        }

        return set;
    }

    /// <summary>
    /// Loads as <see cref="Load(ParseResult, int?, bool)"/> and checks the set against the model: (C, H, W) equal to its input (with a hint
    /// at --layout when the axes look permuted) and labels in [0, classes).
    /// </summary>
    public LabeledImages LoadFor(ParseResult r, Onnx.Sessions.ModelSession model, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var set = Load(r, limit, model.Channels);
        ImageContract.CheckShape(set.Images, model.Channels, model.Height, model.Width, InputPath(r)!);
        if (set.Labels is { } labels)
        {
            ImageContract.CheckLabels(labels, model.Classes, LabelsPath(r) ?? InputPath(r)!);
        }

        return set;
    }
}
