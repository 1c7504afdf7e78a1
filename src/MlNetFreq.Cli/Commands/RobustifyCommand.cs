using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Methods.Datasets;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq robustify</c>: a robust (or non-robust) data set by representation matching (Ilyas et al. 2019).</summary>
internal static class RobustifyCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var node = new Option<string?>("--node") { Description = "Tensor g whose values are matched (default: the input of the last Gemm/MatMul, the classifier's features)." };
        var input = CliOptions.RequiredPath("--input", "Images: a .npy (float32 [N,C,H,W] or uint8 [N,H,W,C]) or any data-set source; starting points are drawn from the same set.");
        var labels = CliOptions.RequiredPath("--labels", "Labels .npy [N]; each generated image keeps the label of the image it matches.");
        var output = CliOptions.RequiredPath("--output", "Generated images as float32 .npy [N,C,H,W]; the labels go beside it as <output>.labels.npy (int64).");
        var steps = new Option<int>("--steps") { Description = "Normalised-gradient steps per image.", DefaultValueFactory = _ => 100 };
        var stepSize = new Option<double>("--step-size") { Description = "L2 length of each step.", DefaultValueFactory = _ => 0.1 };
        var bound = new Option<double?>("--l2-bound") { Description = "Keep every image within this L2 distance of its starting image." };
        var normalize = new Option<bool>("--normalize-distance") { Description = "Minimise ‖g(z) − g(x)‖₂ / ‖g(x)‖₂ instead of ‖g(z) − g(x)‖₂." };
        var seed = new Option<int>("--seed") { Description = "Seed of the starting images.", DefaultValueFactory = _ => 0 };
        var limit = CliOptions.Limit();
        var command = new Command("robustify", "Build a robust (robust model) or non-robust (natural model) data set: each image is re-synthesised from another image by matching the model's representation (the paper's Experiment II).")
        {
            node, input, labels, output, steps, stepSize, bound, normalize, seed, limit,
        };
        model.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var session = model.Open(r);
            var data = DataSources.Load(r.GetRequiredValue(input), r.GetRequiredValue(labels), r.GetValue(limit));
            var matching = new RepresentationMatching(session, r.GetValue(node))
            {
                Steps = r.GetValue(steps), StepSize = r.GetValue(stepSize), L2Bound = r.GetValue(bound), Normalize = r.GetValue(normalize), Seed = r.GetValue(seed),
            };
            int n = data.Images.Shape.N;
            var (images, objective) = ConsoleUi.WithProgress($"matching '{matching.Node}' for {n} images", n, advance =>
            {
                int done = 0;
                return matching.Generate(data.Images.Data, n, new AttributeCommand.SyncProgress(v => { advance(v - done); done = v; }));
            });
            var s = data.Images.Shape;
            string path = r.GetRequiredValue(output);
            NpyFile.Write(path, images, s.N, s.C, s.H, s.W);
            NpyFile.Write(Path.ChangeExtension(path, null) + ".labels.npy", data.Labels!.Select(v => (long)v).ToArray(), n);
            Console.Error.WriteLine($"objective {objective[0]:G4} -> {objective[^1]:G4}; images -> {path}");
            return 0;
        }));
        return command;
    }
}
