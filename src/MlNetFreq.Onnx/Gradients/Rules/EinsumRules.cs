using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// Einsum: a sum of products is linear in each operand, so the gradient of operand i is another Einsum of gy with the
/// other operands whose output subscripts are operand i's: "out,others→termᵢ". That holds when termᵢ repeats no index
/// (no diagonal), every index of termᵢ also appears in the output or another operand (none summed over termᵢ alone),
/// and an ellipsis is not broadcast — the common one- and two-operand patterns (bmm, batched outer products,
/// transposes, attention's "bhqd,bhkd→bhqk"). Others are refused with the reason.
/// </summary>
internal sealed class EinsumRules : IVjpRule
{
    public IEnumerable<string> OpTypes => ["Einsum"];

    public void Apply(NodeProto node, string?[] gys, BackwardEmitter e)
    {
        string where = $"Einsum node '{node.Describe()}' (opset {e.Opset})";
        string equation = node.StringOr("equation", "").Replace(" ", "", StringComparison.Ordinal);
        var (terms, output) = Parse(equation);
        if (terms.Length != node.Input.Count)
        {
            throw new OnnxFormatException($"{where}: equation '{equation}' has {terms.Length} operands, the node {node.Input.Count} inputs.");
        }

        for (int i = 0; i < terms.Length; i++)
        {
            string x = node.Input[i];
            if (!e.IsVariable(x))
            {
                continue;
            }

            var letters = Letters(terms[i]);
            var others = terms.Where((_, j) => j != i).Append(output).SelectMany(Letters).ToHashSet();
            if (letters.Distinct().Count() != letters.Count || letters.Any(c => !others.Contains(c)))
            {
                throw new OnnxFormatException($"{where}: operand {i} ('{terms[i]}' in '{equation}') repeats an index or sums one that no other operand or the output has; such einsums have no gradient rule.");
            }

            if (terms[i].Contains("...", StringComparison.Ordinal))
            {
                CheckEllipsisNotBroadcast(where, x, terms[i], node.Output[0], output, e);
            }

            var inputs = new List<string> { gys[0]! };
            inputs.AddRange(node.Input.Where((_, j) => j != i));
            string gradientEquation = string.Join(",", terms.Where((_, j) => j != i).Prepend(output)) + "->" + terms[i];
            e.Accumulate(x, e.Emit("Einsum", [.. inputs], Nodes.String("equation", gradientEquation)));
        }
    }

    private static (string[] Terms, string Output) Parse(string equation)
    {
        int arrow = equation.IndexOf("->", StringComparison.Ordinal);
        string[] terms = (arrow < 0 ? equation : equation[..arrow]).Split(',');
        if (arrow >= 0)
        {
            return (terms, equation[(arrow + 2)..]);
        }

        // Implicit output: the ellipsis first, then the indices that appear once, in alphabetical order.
        var counts = terms.SelectMany(Letters).GroupBy(c => c).Where(g => g.Count() == 1).Select(g => g.Key).Order();
        return (terms, (terms.Any(t => t.Contains("...", StringComparison.Ordinal)) ? "..." : "") + string.Concat(counts));
    }

    private static List<char> Letters(string term) => term.Replace("...", "", StringComparison.Ordinal).ToList();

    private static void CheckEllipsisNotBroadcast(string where, string x, string term, string y, string output, BackwardEmitter e)
    {
        var sx = e.ShapeOf(x).Dims;
        var sy = e.ShapeOf(y).Dims;
        int ellipsisX = sx.Length - Letters(term).Count;
        int startX = term.IndexOf("...", StringComparison.Ordinal);
        int startY = output.IndexOf("...", StringComparison.Ordinal);
        int ellipsisY = sy.Length - Letters(output).Count;
        if (startY < 0 || ellipsisX != ellipsisY || !sx.AsSpan(startX, ellipsisX).SequenceEqual(sy.AsSpan(startY, ellipsisY)))
        {
            throw new OnnxFormatException($"{where}: the ellipsis of '{term}' is broadcast or summed ({e.ShapeOf(x)} → {e.ShapeOf(y)}); such einsums have no gradient rule.");
        }
    }
}
