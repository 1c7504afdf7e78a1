using System.CommandLine;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cli.Commands;

/// <summary>Options every model command shares: the model file, an outside normalisation and threads.</summary>
internal sealed class ModelOptions
{
    public Option<string> Model { get; } = CliOptions.RequiredPath("--model", "ONNX classifier: float32 input [N, C, H, W] of pixels in [0, 1] (or give --normalize), logits output. A fixed batch dimension is rewritten to a symbolic one when the graph allows.");

    public Option<string?> Normalize { get; } = new("--normalize")
    {
        Description = "Normalisation the graph expects but does not contain, as MEAN…,STD… (C means then C stds, comma-separated), e.g. 0.4914,0.4822,0.4465,0.2471,0.2435,0.2616. It is prepended to our copy of the graph, so gradients flow through it.",
    };

    public Option<int> Threads { get; } = new("--threads") { Description = "ONNX Runtime intra-op threads (0: one per logical processor, Environment.ProcessorCount).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Normalize);
        command.Add(Threads);
    }

    public ModelSession Open(ParseResult r, string? profilePrefix = null)
    {
        var options = new ModelSessionOptions { IntraOpThreads = r.GetValue(Threads), ProfilePrefix = profilePrefix };
        try
        {
            _ = options.EffectiveIntraOpThreads;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("--" + ex.Message, ex); // the library names the option "threads"
        }

        if (r.GetValue(Normalize) is { } text)
        {
            options = options.WithNormalization(text, "--normalize");
        }

        return ModelSession.Load(r.GetRequiredValue(Model), options);
    }
}
