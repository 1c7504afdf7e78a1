using System.Globalization;
using System.Text;
using MlNetFreq.Experiments.Figures;

namespace MlNetFreq.Experiments;

/// <summary>A claim of the paper, whether our numbers support it, and the numbers.</summary>
public sealed record ExperimentClaim(string Claim, bool Supported, string Evidence);

/// <summary>A file an experiment produces, as data; <see cref="ExperimentReport"/> lists them and a front end writes them.</summary>
public abstract record ExperimentFile(string Name);

/// <summary>A CSV table (cells already formatted, invariant culture).</summary>
public sealed record CsvFile(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ExperimentFile(Name);

/// <summary>A JSON document of <see cref="Value"/>.</summary>
public sealed record JsonFile(string Name, object Value) : ExperimentFile(Name);

/// <summary>A float32 array (an .npy) of the given shape.</summary>
public sealed record ArrayFile(string Name, float[] Values, int[] Shape) : ExperimentFile(Name);

/// <summary>Integer labels (an int64 .npy).</summary>
public sealed record LabelsFile(string Name, long[] Values) : ExperimentFile(Name);

/// <summary>A figure (a PNG) described by <see cref="Data"/>.</summary>
public sealed record FigureFile(string Name, FigureData Data) : ExperimentFile(Name);

/// <summary>
/// What one experiment found: its files (numbers, arrays, figures as data), the paper's claims with our verdicts, and
/// <see cref="Summary"/>, the markdown that states each claim and the numbers behind it.
/// </summary>
public sealed class ExperimentReport
{
    private readonly StringBuilder _summary = new();
    private readonly List<ExperimentFile> _files = [];
    private readonly List<ExperimentClaim> _claims = [];

    /// <summary>Starts a report titled <paramref name="title"/>, its first paragraph <paramref name="setup"/>.</summary>
    public ExperimentReport(string title, string setup)
    {
        Title = title;
        _summary.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine().AppendLine(setup).AppendLine();
    }

    /// <summary>The experiment's title.</summary>
    public string Title { get; }

    /// <summary>The files, in the order they were added.</summary>
    public IReadOnlyList<ExperimentFile> Files => _files;

    /// <summary>The paper's claims checked, in order.</summary>
    public IReadOnlyList<ExperimentClaim> Claims => _claims;

    /// <summary>How many claims our numbers support.</summary>
    public int Supported => _claims.Count(c => c.Supported);

    /// <summary>summary.md: the text, tables, figures and claims, then the verdict count and the file list.</summary>
    public string Summary => new StringBuilder(_summary.ToString())
        .AppendLine(CultureInfo.InvariantCulture, $"Claims supported: {Supported} of {_claims.Count}.").AppendLine()
        .AppendLine("Files: " + string.Join(", ", _files.Select(f => $"`{f.Name}`")) + ".").ToString();

    /// <summary>Adds a CSV table.</summary>
    public void Csv(string file, IEnumerable<string> header, IEnumerable<IEnumerable<object>> rows) =>
        _files.Add(new CsvFile(file, [.. header], [.. rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Cell)])]));

    /// <summary>Adds a JSON document.</summary>
    public void Json(string file, object value) => _files.Add(new JsonFile(file, value));

    /// <summary>Adds a float32 array of <paramref name="shape"/>.</summary>
    public void Array(string file, float[] values, params int[] shape) => _files.Add(new ArrayFile(file, values, shape));

    /// <summary>Adds integer labels.</summary>
    public void Labels(string file, IEnumerable<int> labels) => _files.Add(new LabelsFile(file, [.. labels.Select(v => (long)v)]));

    /// <summary>Adds a figure and shows it in the summary with <paramref name="caption"/>.</summary>
    public void Figure(string file, string caption, FigureData data)
    {
        _files.Add(new FigureFile(file, data));
        _summary.AppendLine(CultureInfo.InvariantCulture, $"![{caption}]({file})").AppendLine();
    }

    /// <summary>A claim of the paper, our verdict and the numbers behind it.</summary>
    public void Claim(string claim, bool supported, string evidence)
    {
        _claims.Add(new ExperimentClaim(claim, supported, evidence));
        _summary.AppendLine(CultureInfo.InvariantCulture, $"**Paper:** {claim}").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ours: {(supported ? "supported" : "not supported")}.** {evidence}").AppendLine();
    }

    /// <summary>A paragraph of markdown.</summary>
    public void Text(string markdown) => _summary.AppendLine(markdown).AppendLine();

    /// <summary>A markdown table in the summary.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        _summary.AppendLine("| " + string.Join(" | ", header) + " |").AppendLine("|" + string.Concat(Enumerable.Repeat(" --- |", header.Count)));
        foreach (var row in rows)
        {
            _summary.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }

        _summary.AppendLine();
    }

    /// <summary>A table cell: numbers with six significant digits, invariant culture.</summary>
    public static string Cell(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable v => v.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>A number with <paramref name="digits"/> decimals, invariant culture.</summary>
    public static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
