using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Data.Tensors;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq corrupt</c>: one common corruption of a data set at one severity.</summary>
internal static class CorruptCommand
{
    public static Command Create()
    {
        var input = new DataOptions("Images to corrupt");
        var kind = new MethodFlags(MethodRegistry.OfType(typeof(CorruptionOptions)), "Corruption (CIFAR-10-C formulas and severities, Hendrycks & Dietterich 2019)", "--kind");
        var output = CliOptions.RequiredPath("--output", "Corrupted images as float32 .npy [N, C, H, W] in [0, 1] (not rounded to 8 bits).");
        var command = new Command("corrupt", "Applies a common corruption (noise, blur, weather, digital) at a severity 1–5 to every image; random ones depend only on --seed and each image's index.")
        {
            output,
        };
        input.AddTo(command);
        kind.AddTo(command);
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string path = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            var options = (CorruptionOptions)kind.Create(r);
            var corruption = options.Create();
            var data = input.Load(r);
            var shape = data.Images.Shape;
            if (corruption.NotApplicable(shape.C) is { } why)
            {
                throw new ArgumentException($"--kind {corruption.Name}: {why} in {input.ImagesPath(r)}.");
            }

            var result = ConsoleUi.WithProgress($"{corruption.Name} severity {options.Severity} on {shape.N} images", 1, advance =>
            {
                float[] y = corruption.Apply(data.Images.Data, shape);
                advance(1);
                return y;
            });
            NpyFile.Write(path, new ImageTensor(result, shape));
            outputs.Commit();
            Console.Error.WriteLine($"{corruption.Name} severity {options.Severity}: [{shape.N},{shape.C},{shape.H},{shape.W}] -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }
}
