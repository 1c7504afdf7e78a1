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
