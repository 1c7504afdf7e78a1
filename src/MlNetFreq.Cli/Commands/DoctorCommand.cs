using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Onnx.Gradients;
using MlNetFreq.Onnx.Graph;
using Spectre.Console;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// <c>mlnetfreq doctor</c>: can the white-box methods differentiate this model? Lists the operators on the path from the
/// image input to the logits (or <c>--node</c>), marks those without a gradient rule, and builds the gradient graph
/// once — before any data is read. Exit code 0 when the gradient graph builds, 4 (a model it cannot differentiate) otherwise.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var node = new Option<string?>("--node") { Description = "Check the path to this inner tensor instead of the logits output." };
        var command = new Command("doctor", "Check that a model can be differentiated: the operators on its differentiable path, which lack a gradient rule, and whether the gradient graph builds (runs on random input; reads no data).")
        {
            node,
        };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            var prepared = session.Prepared;
            string? target = r.GetValue(node);
            Console.WriteLine($"{session.Source}: input '{prepared.InputName}' [{(prepared.DynamicBatch ? "N" : prepared.FixedBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))},{prepared.Channels},{prepared.Height},{prepared.Width}], "
                + $"{session.Classes} logits in '{prepared.OutputName}', opset {OnnxModelFile.DefaultOpset(prepared.Model)}");
            var ops = GradientGraphBuilder.PathOperators(prepared, target);
            var missing = ops.Where(o => !o.Supported).Select(o => o.OpType).ToArray();

            // An operator may have a rule and still be refused in one of its forms (a cubic Resize): the graph is built
            // before the table is drawn, so the table says which operator failed and why, not "yes".
            GradientGraph? graph = null;
            string? refusedOp = null, refusal = null;
            if (missing.Length == 0)
            {
                try
                {
                    graph = session.GradientModel(target);
                }
                catch (OnnxFormatException ex)
                {
                    refusal = ex.Message;
                    refusedOp = ops.Select(o => o.OpType).FirstOrDefault(op => ex.Message.StartsWith(op + " ", StringComparison.Ordinal));
                }
            }

            var table = new Table().AddColumns("operator", "nodes", "gradient rule");
            foreach (var op in ops)
            {
                string rule = !op.Supported ? "[red]no[/]" : op.OpType == refusedOp ? "[red]not in this form[/]" : "yes";
                table.AddRow(Markup.Escape(op.OpType), op.Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), rule);
            }

            ConsoleUi.Out.Write(table);
            if (missing.Length > 0)
            {
                Console.Error.WriteLine($"error: no gradient rule for {string.Join(", ", missing)}; attacks, gradients and representation matching cannot run on this model (forward-only methods can).");
                return ExitCodes.BadInput;
            }

            if (graph is null)
            {
                Console.Error.WriteLine($"error: {refusal}; attacks, gradients and representation matching cannot run on this model (forward-only methods can).");
                return ExitCodes.BadInput;
            }

            Console.WriteLine($"gradient graph: ok ({graph.Model.Graph.Node.Count} nodes, ∂/∂'{graph.Target}' {graph.TargetShape})");
            return 0;
        }));
        return command;
    }
}
