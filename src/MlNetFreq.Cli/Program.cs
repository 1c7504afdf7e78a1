using System.CommandLine;
using MlNetFreq.Cli.Commands;

namespace MlNetFreq.Cli;

/// <summary>Entry point of the <c>mlnetfreq</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the command; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args)
    {
        var handlers = Output.StagedOutputs.DeleteTemporariesOnInterrupt();
        MlNetFreq.Operations.FigureOutput.Renderer = Figures.FigureRenderer.Render; // also for cluster jobs this client merges
        var parsed = BuildRoot().Parse(args);
        Output.CommandLineInputs.Set(parsed);
        int code = parsed.Invoke();
        foreach (var handler in handlers)
        {
            handler.Dispose();
        }

        // A parse error (unknown flag, bad value, missing required option) is a usage error.
        return parsed.Errors.Count > 0 && code != ExitCodes.Success ? ExitCodes.Usage : code;
    }

    /// <summary>The command tree (also inspected by the tests: every option documents itself).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "MlNetFreq: explain and stress-test image classifiers in the frequency domain (2-D DCT spectra, frequency bands, "
            + "Occluded Frequency attribution, attacks). Images are float32 NCHW in [0, 1].")
        {
            DemoCommand.Create(),
            ExportGradientCommand.Create(),
            RctCommand.Create(),
            PolicySchemaCommand.Create(),
            Experiments.ExperimentCommand.Create(),
            BenchCommand.Create(),
            ClusterCommand.Create(),
            DoctorCommand.Create(),
        };

        // Every registered operation is a command made from its one definition.
        foreach (var operation in MlNetFreq.Operations.OperationRegistry.All)
        {
            root.Add(OperationCommand.Create(operation));
        }

        return root;
    }
}
