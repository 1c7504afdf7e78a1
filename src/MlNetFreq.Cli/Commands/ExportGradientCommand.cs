using System.CommandLine;
using MlNetFreq.Cli.Output;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq export-gradient-model</c>: the gradient graph itself (<c>predict</c> and <c>gradient</c> are registered operations).</summary>
internal static class ExportGradientCommand
{
    public static Command Create()
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
