using System.Text;
using System.Text.Json;
using MlNetFreq.Cli.Figures;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Experiments;

namespace MlNetFreq.Cli.Experiments;

/// <summary>Writes an <see cref="ExperimentReport"/> to a folder: its CSV, JSON, .npy and PNG files, then summary.md.</summary>
internal static class ExperimentWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes every file, all or nothing (staged in <paramref name="outputs"/>: under temporary names, renamed once
    /// all are written), and returns the path of summary.md.
    /// </summary>
    public static string Write(ExperimentReport report, string folder, StagedOutputs outputs)
    {
        foreach (var file in report.Files)
        {
            string temp = outputs.Stage("--out", Path.Combine(folder, file.Name));
            switch (file)
            {
                case CsvFile csv:
                    var text = new StringBuilder().AppendLine(string.Join(',', csv.Header));
                    foreach (var row in csv.Rows)
                    {
                        text.AppendLine(string.Join(',', row));
                    }

                    File.WriteAllText(temp, text.ToString());
                    break;
                case JsonFile json:
                    File.WriteAllText(temp, JsonSerializer.Serialize(json.Value, Indented));
                    break;
                case ArrayFile array:
                    NpyFile.Write(temp, array.Values, array.Shape);
                    break;
                case LabelsFile labels:
                    NpyFile.Write(temp, labels.Values, labels.Values.Length);
                    break;
                case FigureFile figure:
                    FigureRenderer.Render(figure.Data, temp);
                    break;
                default:
                    throw new NotSupportedException($"{file.Name}: no writer for {file.GetType().Name}.");
            }
        }

        string summary = Path.Combine(folder, "summary.md");
        File.WriteAllText(outputs.Stage("--out", summary), report.Summary);
        outputs.Commit();
        return summary;
    }
}
