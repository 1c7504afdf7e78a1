using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Onnx.Losses;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq gradient</c> and <c>export-gradient-model</c>: input gradients of a model on a data set, and the gradient graph itself (<c>predict</c> is a registered operation).</summary>
internal static class PredictCommand
{
    public static Command CreateGradient()
    {
        var model = new ModelOptions();
        var data = new DataOptions("Images", labels: "Labels of the loss, each in 0…K−1");
        var output = CliOptions.RequiredPath("--output", "Gradient ∂L/∂X as float32 .npy [N,C,H,W].");
        var loss = new Option<string>("--loss")
        {
            Description = "Loss: ce (Σᵢ cross-entropy(f(xᵢ), yᵢ), default) or margin (Σᵢ Z_y − max_{k≠y} Z_k on the logits, as Carlini–Wagner).",
            DefaultValueFactory = _ => "ce",
        };
        loss.AcceptOnlyFromAmong("ce", "margin");
        var node = new Option<string?>("--node")
        {
            Description = "Differentiate the squared L2 norm ½‖g(x)‖² of this inner tensor (e.g. a representation) instead of a loss on the logits.",
        };
        var command = new Command("gradient", "Input gradient of a loss through the model's differentiable ONNX graph (built by our reverse-mode graph builder, run by ONNX Runtime).")
        {
            output, loss, node,
        };
        data.AddTo(command);
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string gradientPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            using var session = model.Open(r);
            var set = data.LoadFor(r, session);
            int n = set.Images.Shape.N;
            float[] grad;
            if (r.GetValue(node) is { } inner)
            {
                // ½‖g‖² has gradient g: run once to read g, then seed with it.
                var probe = session.Gradient(set.Images.Data, n, new float[n * (int)session.GradientModel(inner).TargetShape.FixedElements], inner);
                grad = session.Gradient(set.Images.Data, n, probe.TargetValues!, inner).InputGradient;
            }
            else
            {
                int[] y = set.Labels ?? throw new ArgumentException("--labels: the loss needs labels and the input carries none; pass --labels Y.npy.");
                float[] logits = session.Forward(set.Images.Data, n);
                float[] seed = r.GetValue(loss) == "margin"
                    ? LossSeeds.Margin(logits, y, session.Classes)
                    : LossSeeds.CrossEntropy(logits, y, session.Classes);
                grad = session.Gradient(set.Images.Data, n, seed).InputGradient;
            }

            var s = set.Images.Shape;
            NpyFile.Write(gradientPath, grad, s.N, s.C, s.H, s.W);
            outputs.Commit();
            Console.Error.WriteLine($"gradient [{s.N},{s.C},{s.H},{s.W}] -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }

    public static Command CreateExport()
    {
        var model = new ModelOptions();
        var output = CliOptions.RequiredPath("--output", "Where to write the extended model (.onnx): inputs image and seed ∂L/∂output, outputs logits and ∂L/∂input.");
        var node = new Option<string?>("--node") { Description = "Differentiate this inner tensor instead of the logits output." };
        var command = new Command("export-gradient-model", "Write the model's differentiable graph (forward plus reverse-mode nodes) as a plain .onnx file, e.g. to inspect it in Netron.") { output, node };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string modelPath = outputs.Stage("--output", r.GetRequiredValue(output), ".onnx");
            using var session = model.Open(r);
            var graph = session.GradientModel(r.GetValue(node));
            Onnx.Graph.OnnxModelFile.Save(graph.Model, modelPath);
            outputs.Commit();
            Console.Error.WriteLine($"{r.GetRequiredValue(output)}: seed input '{graph.Seed}' (∂L/∂'{graph.Target}' {graph.TargetShape}), gradient output '{graph.InputGradient}', {graph.Model.Graph.Node.Count} nodes");
            return 0;
        }));
        return command;
    }
}
