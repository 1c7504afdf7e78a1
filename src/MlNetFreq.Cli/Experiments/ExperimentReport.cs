using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlNetFreq.Cli.Experiments;

/// <summary>
/// The outputs of one experiment in its folder: CSV and JSON numbers, figures, and <c>summary.md</c>, which states
/// each of the paper's claims, whether our numbers support it, and the numbers.
/// </summary>
internal sealed class ExperimentReport
{
    private readonly StringBuilder _summary = new();
    private readonly List<string> _files = [];

    public ExperimentReport(string folder, string title, string setup)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        _summary.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine().AppendLine(setup).AppendLine();
    }

    public string Folder { get; }

    /// <summary>Claims checked so far, and how many our numbers support.</summary>
    public int Claims { get; private set; }

    public int Supported { get; private set; }

    public string PathOf(string file)
    {
        _files.Add(file);
        return System.IO.Path.Combine(Folder, file);
    }

    public void Csv(string file, IEnumerable<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        var text = new StringBuilder().AppendLine(string.Join(',', header));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(',', row.Select(Cell)));
        }

        File.WriteAllText(PathOf(file), text.ToString());
    }

    public void Json(string file, object value) =>
        File.WriteAllText(PathOf(file), JsonSerializer.Serialize(value, Indented));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A claim of the paper, our verdict and the numbers behind it.</summary>
    public void Claim(string claim, bool supported, string evidence)
    {
        Claims++;
        Supported += supported ? 1 : 0;
        _summary.AppendLine(CultureInfo.InvariantCulture, $"**Paper:** {claim}").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ours: {(supported ? "supported" : "not supported")}.** {evidence}").AppendLine();
    }

    public void Text(string markdown) => _summary.AppendLine(markdown).AppendLine();

    public void Table(IReadOnlyList<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        _summary.AppendLine("| " + string.Join(" | ", header) + " |").AppendLine("|" + string.Concat(Enumerable.Repeat(" --- |", header.Count)));
        foreach (var row in rows)
        {
            _summary.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }

        _summary.AppendLine();
    }

    public void Figure(string file, string caption) => _summary.AppendLine(CultureInfo.InvariantCulture, $"![{caption}]({file})").AppendLine();

    /// <summary>Writes summary.md (with the list of files) and returns its path.</summary>
    public string Finish()
    {
        _summary.AppendLine(CultureInfo.InvariantCulture, $"Claims supported: {Supported} of {Claims}.").AppendLine()
            .AppendLine("Files: " + string.Join(", ", _files.Distinct().Select(f => $"`{f}`")) + ".");
        string path = System.IO.Path.Combine(Folder, "summary.md");
        File.WriteAllText(path, _summary.ToString());
        return path;
    }

    public static string Cell(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable v => v.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
