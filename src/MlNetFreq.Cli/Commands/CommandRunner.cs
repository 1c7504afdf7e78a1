using MlNetFreq.Data;
using MlNetFreq.ML.Persistence;
using MlNetFreq.Onnx.Graph;

namespace MlNetFreq.Cli.Commands;

/// <summary>Runs a command body and turns failures into one clear line and the exit code of their cause (<see cref="ExitCodes"/>).</summary>
internal static class CommandRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is DataFormatException or ModelFormatException or OnnxFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"internal error ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.Internal;
        }
    }
}
