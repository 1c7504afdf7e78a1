using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.Data.Tensors;
using MlNetFreq.ML.DataViews;
using MlNetFreq.Onnx.Sessions;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Cli.Commands;

/// <summary>
/// The baseline a user without MlNetFreq has: score every occluded image (bands + 1 per image) through ML.NET's
/// stock ApplyOnnxModel, which runs ONNX Runtime once per row. Returns explained images per second.
/// </summary>
internal static class MlNetOnnxBaseline
{
    public static double ImagesPerSecond(string modelPath, ModelSession session, float[] images, int n, int variants)
    {
        if (session.Prepared.InputName != session.Prepared.Model.Graph.Input[0].Name || !session.Prepared.DynamicBatch)
        {
            throw new ArgumentException("--mlnet-images: the ML.NET baseline needs a model that takes [0, 1] pixels with a symbolic batch (no --normalize); pass --mlnet-images 0.");
        }

        // The same number of rows OF scores: the clean image and one copy per band (their content does not change the cost).
        int len = session.Channels * session.Height * session.Width;
        var rows = new float[n * variants * len];
        for (int i = 0; i < n * variants; i++)
        {
            images.AsSpan(i / variants * len, len).CopyTo(rows.AsSpan(i * len));
        }

        var ml = new MLContext(seed: 0);
        var view = new TensorDataView(new ImageTensor(rows, new ImageBatchShape(n * variants, session.Channels, session.Height, session.Width)));
        var pipeline = ml.Transforms.CopyColumns(session.Prepared.InputName, TensorDataView.ImageColumn)
            .Append(ml.Transforms.ApplyOnnxModel([session.Prepared.OutputName], [session.Prepared.InputName], modelPath));
        var scored = pipeline.Fit(view).Transform(view);
        Consume(scored, session.Prepared.OutputName, limit: variants); // warm-up
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Consume(scored, session.Prepared.OutputName, limit: int.MaxValue);
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return n / seconds;
    }

    private static void Consume(IDataView view, string column, int limit)
    {
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        VBuffer<float> value = default;
        for (int i = 0; i < limit && cursor.MoveNext(); i++)
        {
            getter(ref value);
        }
    }
}
