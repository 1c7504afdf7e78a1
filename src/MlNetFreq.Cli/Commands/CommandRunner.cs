using MlNetFreq.Data;
using MlNetFreq.ML.Persistence;
using MlNetFreq.Onnx.Graph;

namespace MlNetFreq.Cli.Commands;

/// <summary>Runs a command body and turns expected failures (bad input, missing files) into one clear line and exit code 1.</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is ArgumentException or DataFormatException or ModelFormatException or OnnxFormatException or IOException
                                       or InvalidOperationException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
