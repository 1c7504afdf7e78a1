using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Gradients;

/// <summary>
/// Runs the model on random input at two batch sizes (or at its fixed batch size) and observes (1) the shapes of
/// float tensors: dimensions that change with the batch are marked <see cref="TensorShape.Batch"/>; and (2) the values
/// of the shape-arithmetic tensors exporters emit (<c>Shape → Gather → Mul → Concat → Cast …</c>): a tensor whose
/// value is the same at both batch sizes is a constant of the graph and is folded. Running the model is the most
/// faithful shape inference and constant folding there is, and needs no per-operator evaluator. Shapes are recorded
/// for both kinds (a computed tensor too large to fold, e.g. a transposed weight, still has a known shape). (A value that
/// depends on the batch size but happens to be equal at 2 and 3 would be folded wrongly; exporters' shape arithmetic
/// is affine in the batch size, so it cannot.)
/// </summary>
internal static class ShapeProbe
{
    // Folded values become initializers of the gradient graph; larger computed tensors stay computed.
    private const long MaxFoldedElements = 1 << 20;

    public static ProbeResult Run(PreparedModel prepared, IReadOnlyCollection<string> shapeTensors, IReadOnlyCollection<string> valueTensors, string source)
    {
        var model = prepared.Model.Clone();
        var existing = model.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var names = shapeTensors.Concat(valueTensors).Distinct(StringComparer.Ordinal).ToArray();
        foreach (string t in names.Where(t => !existing.Contains(t)))
        {
            // No element type: ONNX Runtime infers it (shape tensors are int64, variables float).
            model.Graph.Output.Add(new ValueInfoProto { Name = t });
        }

        using var session = OrtRunner.Create(model, new ModelSessionOptions(), source);
        int[] batches = prepared.DynamicBatch ? [2, 3] : [prepared.FixedBatchSize];
        var observed = batches.Select(b => Observe(session, prepared, names, b)).ToArray();
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal);
        foreach (string t in names)
        {
            shapes[t] = BatchShape(t, observed.Select(o => o[t].Shape).ToArray(), source);
        }

        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (string t in valueTensors)
        {
            var first = observed[0][t];
            if (first.Value is not null && observed.All(o => o[t].Shape.SequenceEqual(first.Shape) && o[t].Value is { } v && v.Span.SequenceEqual(first.Value.Span)))
            {
                var tensor = new TensorProto { Name = t, DataType = first.DataType, RawData = first.Value };
                tensor.Dims.AddRange(first.Shape);
                constants[t] = tensor;
            }
        }

        return new ProbeResult(shapes, constants);
    }

    private static TensorShape BatchShape(string t, long[][] observed, string source)
    {
        long[] dims = (long[])observed[0].Clone();
        foreach (long[] other in observed.Skip(1))
        {
            if (other.Length != dims.Length)
            {
                throw new OnnxFormatException($"{source}: tensor '{t}' changes rank with the batch size ([{string.Join(",", observed[0])}] vs [{string.Join(",", other)}]).");
            }

            for (int i = 0; i < dims.Length; i++)
            {
                if (other[i] != observed[0][i])
                {
                    dims[i] = TensorShape.Batch;
                }
            }
        }

        return new TensorShape(dims);
    }

    private static Dictionary<string, Observation> Observe(InferenceSession session, PreparedModel p, string[] names, int batch)
    {
        var rng = new Random(batch);
        float[] x = Enumerable.Range(0, batch * p.ImageLength).Select(_ => rng.NextSingle()).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, p.Channels, p.Height, p.Width]);
        using var results = OrtRunner.Run(session, new Dictionary<string, OrtValue> { [p.InputName] = input }, names);
        var observed = new Dictionary<string, Observation>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            // ONNX Runtime's element-type codes are ONNX's TensorProto data types; strings are never folded.
            ByteString? value = info.ElementDataType != TensorElementType.String && info.ElementCount <= MaxFoldedElements
                ? ByteString.CopyFrom(results[i].GetTensorMutableRawData())
                : null;
            observed[names[i]] = new Observation(info.Shape, (int)info.ElementDataType, value);
        }

        return observed;
    }

    private sealed record Observation(long[] Shape, int DataType, ByteString? Value);
}

/// <summary>What <see cref="ShapeProbe"/> observed: shapes of the variables and the values of the foldable tensors.</summary>
internal sealed record ProbeResult(IReadOnlyDictionary<string, TensorShape> Shapes, IReadOnlyDictionary<string, TensorProto> Constants);
