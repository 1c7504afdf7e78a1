using MlNetFreq.Data;
using MlNetFreq.Methods.Descriptors;
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
        catch (MethodOptionException ex)
        {
            // The library names its options as C# callers know them (eps); here they are flags (--eps).
            Console.Error.WriteLine($"error: --{ex.Option}: {ex.Problem}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is DataFormatException or ModelFormatException or OnnxFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {UserMessage(ex)}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {UserMessage(ex)}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"internal error ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// The message without .NET's own additions ("(Parameter 'x')", "Actual value was …"), which name C# parameters a
    /// user of the tool never typed; our messages already say what was expected and found.
    /// </summary>
    internal static string UserMessage(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            message = message.Replace($"{Environment.NewLine}Actual value was {actual}.", "", StringComparison.Ordinal);
        }

        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }

        return message;
    }
}
