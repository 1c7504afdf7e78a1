using Microsoft.ML.OnnxRuntime;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// Learns the shapes of float tensors by running the model on random input at two batch sizes (or at its fixed
/// batch size): dimensions that change with the batch are marked <see cref="TensorShape.Batch"/>. Running the model
/// is the most faithful shape inference there is, and needs no per-operator shape rules.
/// </summary>
internal static class ShapeProbe
{
    public static Dictionary<string, TensorShape> Run(PreparedModel prepared, IReadOnlyCollection<string> tensors, string source)
    {
        var model = prepared.Model.Clone();
        var existing = model.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string t in tensors.Where(t => !existing.Contains(t)))
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = t,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        using var session = OrtRunner.Create(model, new ModelSessionOptions(), source);
        int[] batches = prepared.DynamicBatch ? [2, 3] : [prepared.FixedBatchSize];
        var observed = batches.Select(b => Observe(session, prepared, tensors, b)).ToArray();
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal);
        foreach (string t in tensors)
        {
            long[] first = observed[0][t];
            long[] dims = (long[])first.Clone();
            if (observed.Length > 1)
            {
                long[] second = observed[1][t];
                if (second.Length != first.Length)
                {
                    throw new OnnxFormatException($"{source}: tensor '{t}' changes rank with the batch size ([{string.Join(",", first)}] vs [{string.Join(",", second)}]).");
                }

                for (int i = 0; i < dims.Length; i++)
                {
                    if (first[i] != second[i])
                    {
                        dims[i] = TensorShape.Batch;
                    }
                }
            }

            shapes[t] = new TensorShape(dims);
        }

        return shapes;
    }

    private static Dictionary<string, long[]> Observe(InferenceSession session, PreparedModel p, IReadOnlyCollection<string> tensors, int batch)
    {
        var rng = new Random(batch);
        float[] x = Enumerable.Range(0, batch * p.ImageLength).Select(_ => rng.NextSingle()).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, p.Channels, p.Height, p.Width]);
        var names = tensors.ToArray();
        using var results = OrtRunner.Run(session, new Dictionary<string, OrtValue> { [p.InputName] = input }, names);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            shapes[names[i]] = results[i].GetTensorTypeAndShape().Shape;
        }

        return shapes;
    }
}
