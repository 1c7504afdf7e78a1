using System.CommandLine;
using MlNetFreq.Cli.Output;
using MlNetFreq.Data.Formats;
using MlNetFreq.Spectral.Dct;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq dct</c>: the orthonormal 2-D DCT (or inverse) of a float32 [N,C,H,W] .npy file.</summary>
internal static class DctCommand
{
    public static Command Create()
    {
        var input = CliOptions.RequiredPath("--input", "Input .npy: float32 [N,C,H,W] (or uint8 [N,H,W,C], scaled by 1/255), read as it is (so --inverse takes coefficients); or an image source (a CIFAR-10 batch or folder, IDX, an image folder).");
        var limit = CliOptions.Limit();
        var output = CliOptions.RequiredPath("--output", "Output .npy: float32 [N,C,H,W], the same shape as the input.");
        var inverse = new Option<bool>("--inverse") { Description = "Apply the inverse transform (orthonormal DCT-III, scipy.fft.idctn(norm=\"ortho\")) instead of the forward DCT-II." };
        var backend = CliOptions.Backend();
        var command = new Command("dct", "2-D DCT-II with orthonormal scaling over (H, W) of every channel, identical to scipy.fft.dctn(x, type=2, norm=\"ortho\", axes=(-2,-1)).")
        {
            input, output, inverse, backend, limit,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            using var outputs = new StagedOutputs();
            string resultPath = outputs.Stage("--output", r.GetRequiredValue(output), ".npy");
            string path = r.GetRequiredValue(input);
            int count = r.GetValue(limit) ?? int.MaxValue;
            if (count < 1)
            {
                throw new ArgumentException($"--limit: expected at least 1 image, found {count}.");
            }

            var images = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? NpyFile.ReadImages(path).Take(count) : DataSources.Load(path, null, count).Images;
            var result = new float[images.Data.Length];
            using var dct = DctBackends.Create(r.GetValue(backend));
            dct.Transform(images.Data, result, images.Shape, r.GetValue(inverse) ? DctDirection.Inverse : DctDirection.Forward);
            var s = images.Shape;
            NpyFile.Write(resultPath, result, s.N, s.C, s.H, s.W);
            outputs.Commit();
            Console.Error.WriteLine($"{(r.GetValue(inverse) ? "inverse DCT" : "DCT")} of {s} with {dct.Name} -> {r.GetRequiredValue(output)}");
            return 0;
        }));
        return command;
    }
}
