using System.Text.Json;
using System.Text.Json.Serialization;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Methods.Diagnostics;

/// <summary>
/// The heat map's JSON report, defined once for every surface that writes it (<c>mlnetfreq heatmap --report</c>,
/// <c>cluster submit heatmap --report</c>): the options as the registry writes them, images, clean, mean and maximum
/// error, the map's size and values, and (DCT basis) the error per diagonal band.
/// </summary>
public static class HeatMapReport
{
    private static readonly JsonSerializerOptions Indented = new(MethodRegistry.Json)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The report's text.</summary>
    public static string Json(HeatMapResult result, FourierHeatMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var report = new Dictionary<string, object?>
        {
            ["options"] = JsonSerializer.SerializeToElement<MethodOptions>(options, Indented),
            ["images"] = result.Images,
            ["clean_error"] = result.CleanError,
            ["mean_error"] = result.MeanError,
            ["max_error"] = result.MaxError,
            ["rows"] = result.MapHeight,
            ["columns"] = result.MapWidth,
            ["stride"] = result.Stride,
            ["measured_cells"] = Enumerable.Range(0, result.Wrong.Length).Count(result.IsMeasured),
            ["map"] = Nulls(result.Error),
            ["band_error"] = result.BandError is { } bands ? Nulls(bands) : null,
        };
        return JsonSerializer.Serialize(report, Indented);
    }

    // JSON has no NaN: a cell (or band) that was not measured is null.
    private static double?[] Nulls(double[] values) => [.. values.Select(v => double.IsNaN(v) ? (double?)null : v)];
}
