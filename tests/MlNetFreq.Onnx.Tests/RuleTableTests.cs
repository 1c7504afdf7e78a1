using MlNetFreq.Onnx.Gradients;

namespace MlNetFreq.Onnx.Tests;

/// <summary>
/// The gradient rule table, walked: every operator the builder claims to differentiate is checked against finite
/// differences by at least one case (so no operator rides on a neighbour's rule untested), and an operator a family
/// does not handle is an error naming the node, never another operator's gradient.
/// </summary>
public sealed class RuleTableTests
{
    [Fact]
    public void EveryOperatorWithARuleHasAFiniteDifferenceCase()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var build in OperatorGradientTests.Cases.Values)
        {
            var g = new TestGraph(4, 7, 7);
            covered.UnionWith(g.Output(build(g)).Graph.Node.Select(n => n.OpType));
        }

        foreach (var (opset, build) in ModernOperatorGradientTests.Cases.Values)
        {
            var g = new TestGraph(4, 7, 7, opset);
            covered.UnionWith(g.Output(build(g)).Graph.Node.Select(n => n.OpType));
        }

        var untested = GradientGraphBuilder.SupportedOperators.Where(op => !covered.Contains(op)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(untested.Length == 0, $"operators with a rule but no finite-difference case: {string.Join(", ", untested)}");
    }
}
