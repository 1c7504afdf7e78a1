using System.Text.Json;

namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// Summarises an ONNX Runtime profile (JSON trace): milliseconds per operator kind, split into forward nodes and the
/// backward nodes our builder added (their names carry "_grad"), averaged over the runs in the trace after the first
/// <c>warmupRuns</c> (a session's first runs grow its memory arena and page it in, and cost several times a warm run).
/// </summary>
public static class OrtProfile
{
    /// <summary>(phase, op type) → mean milliseconds per run, largest first.</summary>
    public static IReadOnlyList<(string Phase, string Op, double Milliseconds)> Summarise(string path, int warmupRuns = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var events = doc.RootElement.EnumerateArray().ToArray();
        var runs = events.Where(e => Category(e) == "Session" && Name(e) == "model_run")
            .Select(e => (Start: e.GetProperty("ts").GetDouble(), End: e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble()))
            .OrderBy(r => r.Start).ToArray();
        if (runs.Length <= warmupRuns)
        {
            throw new InvalidOperationException($"{path}: expected more than {warmupRuns} runs in the profile (the warm-up), found {runs.Length}.");
        }

        double measuredFrom = warmupRuns == 0 ? double.NegativeInfinity : runs[warmupRuns - 1].End;
        var totals = new Dictionary<(string, string), double>();
        foreach (var ev in events)
        {
            string name = Name(ev);
            if (Category(ev) != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal) || ev.GetProperty("ts").GetDouble() < measuredFrom)
            {
                continue;
            }

            string op = ev.GetProperty("args").TryGetProperty("op_name", out var o) ? o.GetString() ?? "?" : "?";
            string phase = name.Contains("_grad", StringComparison.Ordinal) ? "backward" : "forward";
            var key = (phase, op);
            totals[key] = totals.GetValueOrDefault(key) + ev.GetProperty("dur").GetDouble() / 1000.0;
        }

        int measured = runs.Length - warmupRuns;
        return totals.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value / measured)).OrderByDescending(t => t.Item3).ToArray();
    }

    private static string Name(JsonElement e) => e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";

    private static string Category(JsonElement e) => e.TryGetProperty("cat", out var c) ? c.GetString() ?? "" : "";
}
