using System.Text.Json;

namespace MlNetFreq.Onnx.Sessions;

/// <summary>
/// Summarises an ONNX Runtime profile (JSON trace): milliseconds per operator kind, split into forward nodes and the
/// backward nodes our builder added (their names carry "_grad"), averaged over the runs in the trace.
/// </summary>
public static class OrtProfile
{
    /// <summary>(phase, op type) → mean milliseconds per run, largest first.</summary>
    public static IReadOnlyList<(string Phase, string Op, double Milliseconds)> Summarise(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var totals = new Dictionary<(string, string), double>();
        int runs = 0;
        foreach (var ev in doc.RootElement.EnumerateArray())
        {
            string name = ev.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
            string cat = ev.TryGetProperty("cat", out var c) ? c.GetString() ?? "" : "";
            if (cat == "Session" && name == "model_run")
            {
                runs++;
            }

            if (cat != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal))
            {
                continue;
            }

            string op = ev.GetProperty("args").TryGetProperty("op_name", out var o) ? o.GetString() ?? "?" : "?";
            string phase = name.Contains("_grad", StringComparison.Ordinal) ? "backward" : "forward";
            var key = (phase, op);
            totals[key] = totals.GetValueOrDefault(key) + ev.GetProperty("dur").GetDouble() / 1000.0;
        }

        runs = Math.Max(runs, 1);
        return totals.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value / runs)).OrderByDescending(t => t.Item3).ToArray();
    }
}
