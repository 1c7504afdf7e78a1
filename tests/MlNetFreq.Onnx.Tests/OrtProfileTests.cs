using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Tests;

public sealed class OrtProfileTests
{
    // A trace of three runs (times in µs): a cold first run, then two warm ones; one forward and one backward node each.
    private const string Trace = """
        [
          {"cat": "Session", "name": "model_run", "ts": 0, "dur": 1000},
          {"cat": "Node", "name": "conv1_kernel_time", "ts": 10, "dur": 900, "args": {"op_name": "Conv"}},
          {"cat": "Node", "name": "conv_grad1_kernel_time", "ts": 950, "dur": 40, "args": {"op_name": "Conv"}},
          {"cat": "Session", "name": "model_run", "ts": 2000, "dur": 100},
          {"cat": "Node", "name": "conv1_kernel_time", "ts": 2010, "dur": 30, "args": {"op_name": "Conv"}},
          {"cat": "Node", "name": "conv_grad1_kernel_time", "ts": 2050, "dur": 20, "args": {"op_name": "Conv"}},
          {"cat": "Session", "name": "model_run", "ts": 3000, "dur": 100},
          {"cat": "Node", "name": "conv1_kernel_time", "ts": 3010, "dur": 50, "args": {"op_name": "Conv"}},
          {"cat": "Node", "name": "conv1_fence_before", "ts": 3060, "dur": 5, "args": {"op_name": "Conv"}},
          {"cat": "Node", "name": "conv_grad1_kernel_time", "ts": 3070, "dur": 40, "args": {"op_name": "Conv"}}
        ]
        """;

    [Fact]
    public void AveragesKernelTimesPerPhaseOverTheRunsAfterTheWarmUp()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ort-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Trace);
        try
        {
            var warm = OrtProfile.Summarise(path, warmupRuns: 1).ToDictionary(t => (t.Phase, t.Op), t => t.Milliseconds);
            Assert.Equal(0.040, warm[("forward", "Conv")], 9);
            Assert.Equal(0.030, warm[("backward", "Conv")], 9);

            var all = OrtProfile.Summarise(path).ToDictionary(t => (t.Phase, t.Op), t => t.Milliseconds);
            Assert.Equal(0.98 / 3, all[("forward", "Conv")], 9);

            var ex = Assert.Throws<InvalidOperationException>(() => OrtProfile.Summarise(path, warmupRuns: 3));
            Assert.Contains("expected more than 3 runs", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
