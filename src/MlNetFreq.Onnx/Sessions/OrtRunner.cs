using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Sessions;

/// <summary>Creates ONNX Runtime sessions from our <see cref="ModelProto"/>s with the options of a <see cref="ModelSessionOptions"/>.</summary>
internal static class OrtRunner
{
    public static InferenceSession Create(ModelProto model, ModelSessionOptions options, string source)
    {
        using var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.EffectiveIntraOpThreads,
        };

        // Each session has its own intra-op pool, whose workers by default keep spinning for a while after a run returns.
        // Our methods alternate sessions (forward, CE gradient, DLR gradient, Jacobian) and run .NET code between runs,
        // so those spinning workers took one of the cores from whatever ran next: on 2 cores the AutoAttack ensemble
        // took 39.4 s instead of 28.5 s (60 Fashion-MNIST images) and 76.6 s instead of 60.3 s (40 CIFAR-10 images),
        // and 10-step PGD 645 ms instead of 604 ms. Stopping the spin when a run returns keeps it within runs, where it
        // pays (disabling spinning altogether was slower: 34.9 s on those 60 images). Measured with `bench autoattack`
        // and `bench attack --method pgd`.
        so.AddSessionConfigEntry("session.force_spinning_stop", "1");

        if (options.ProfilePrefix is not null)
        {
            // The prefix first: the EnableProfiling setter passes the prefix set at that moment to ONNX Runtime.
            so.ProfileOutputPathPrefix = options.ProfilePrefix;
            so.EnableProfiling = true;
        }

        if (options.UseCuda)
        {
#if MLNETFREQ_GPU
            so.AppendExecutionProvider_CUDA(options.CudaDevice);
#else
            throw new NotSupportedException("This build of MlNetFreq has no GPU execution provider: build with -p:MlNetFreqGpu=true and the Microsoft.ML.OnnxRuntime.Gpu package.");
#endif
        }

        try
        {
            return new InferenceSession(model.ToByteArray(), so);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxFormatException($"{source}: ONNX Runtime cannot load the model: {ex.Message}", ex);
        }
    }

    /// <summary>Runs <paramref name="session"/> on one float input and returns the named outputs (the caller disposes them).</summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyCollection<string> outputs)
    {
        using var runOptions = new RunOptions();
        return session.Run(runOptions, inputs, outputs);
    }
}
