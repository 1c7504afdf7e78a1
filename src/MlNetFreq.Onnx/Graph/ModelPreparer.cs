using Microsoft.ML.OnnxRuntime;
using MlNetFreq.Onnx.Proto;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Onnx.Graph;

/// <summary>
/// Turns a user's model into a <see cref="PreparedModel"/>: discovers the image input and the logits output,
/// prepends a normalisation when asked, and rewrites a fixed batch dimension to a symbolic one when the graph runs
/// correctly with it (checked by running batch sizes 1 and 3 and comparing rows); otherwise keeps the fixed batch,
/// and the session runs rows in chunks of that size.
/// </summary>
public static class ModelPreparer
{
    /// <summary>Name of the pixel input we prepend when normalising.</summary>
    public const string PixelInputName = "mlnetfreq_pixels";

    /// <summary>Prepares a model; <paramref name="source"/> names it in messages.</summary>
    public static PreparedModel Prepare(ModelProto original, ModelSessionOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(options);
        var model = original.Clone();
        var graph = new ModelGraph(model);
        var inputs = graph.DataInputs;
        if (inputs.Count != 1)
        {
            throw new OnnxFormatException($"{source}: expected one image input, found {inputs.Count}: {string.Join(", ", inputs.Select(i => i.Name))}.");
        }

        var input = inputs[0];
        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (input.Type?.TensorType is null || input.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float || dims is null || dims.Count != 4
            || dims.Skip(1).Any(d => d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue < 1))
        {
            throw new OnnxFormatException(
                $"{source}: expected the input '{input.Name}' to be float32 [N, C, H, W] with fixed C, H, W, found {Describe(input)}.");
        }

        string outputName = options.OutputName ?? model.Graph.Output[0].Name;
        if (model.Graph.Output.All(o => o.Name != outputName))
        {
            throw new OnnxFormatException($"{source}: expected an output called '{outputName}', found {string.Join(", ", model.Graph.Output.Select(o => o.Name))}.");
        }

        int c = (int)dims[1].DimValue, h = (int)dims[2].DimValue, w = (int)dims[3].DimValue;
        bool fixedBatch = dims[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[0].DimValue > 0;
        int fixedSize = fixedBatch ? (int)dims[0].DimValue : 0;
        string inputName = input.Name;
        if (options.NormalizeMean is not null || options.NormalizeStd is not null)
        {
            inputName = PrependNormalisation(model, input, options, c, source);
        }

        if (!fixedBatch)
        {
            return new PreparedModel(model, inputName, outputName, c, h, w, DynamicBatch: true, FixedBatchSize: 0);
        }

        var dynamic = model.Clone();
        MakeBatchSymbolic(dynamic);
        var prepared = new PreparedModel(dynamic, inputName, outputName, c, h, w, DynamicBatch: true, FixedBatchSize: 0);
        return BatchRewriteHolds(prepared, options, source)
            ? prepared
            : new PreparedModel(model, inputName, outputName, c, h, w, DynamicBatch: false, FixedBatchSize: fixedSize);
    }

    private static string Describe(ValueInfoProto v)
    {
        var t = v.Type?.TensorType;
        if (t is null)
        {
            return "a non-tensor input";
        }

        string shape = t.Shape is null ? "unknown shape" : "[" + string.Join(", ", t.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam)) + "]";
        return $"element type {(TensorProto.Types.DataType)t.ElemType} with shape {shape}";
    }

    private static string PrependNormalisation(ModelProto model, ValueInfoProto input, ModelSessionOptions options, int channels, string source)
    {
        float[] mean = options.NormalizeMean ?? new float[channels];
        float[] std = options.NormalizeStd ?? Enumerable.Repeat(1f, channels).ToArray();
        if (mean.Length != channels || std.Length != channels)
        {
            throw new ArgumentException($"{source}: the input has {channels} channels; expected that many normalisation means and stds, found {mean.Length} and {std.Length}.");
        }

        if (std.Any(s => !(s > 0)) || mean.Any(m => !float.IsFinite(m)))
        {
            throw new ArgumentException($"{source}: expected finite means and positive stds, found mean ({string.Join(", ", mean)}) and std ({string.Join(", ", std)}).");
        }

        var g = model.Graph;
        var pixels = input.Clone();
        pixels.Name = PixelInputName;
        g.Input.Insert(0, pixels);
        g.Input.Remove(input);
        g.Initializer.Add(TensorValues.Float("mlnetfreq_norm_mean", mean, 1, channels, 1, 1));
        g.Initializer.Add(TensorValues.Float("mlnetfreq_norm_std", std, 1, channels, 1, 1));
        g.Node.Insert(0, Nodes.Make("Sub", [PixelInputName, "mlnetfreq_norm_mean"], ["mlnetfreq_centred"], "mlnetfreq_norm_sub"));
        g.Node.Insert(1, Nodes.Make("Div", ["mlnetfreq_centred", "mlnetfreq_norm_std"], [input.Name], "mlnetfreq_norm_div"));
        return PixelInputName;
    }

    private static void MakeBatchSymbolic(ModelProto model)
    {
        foreach (var v in model.Graph.Input.Concat(model.Graph.Output))
        {
            var dim = v.Type?.TensorType?.Shape?.Dim;
            if (dim is { Count: > 0 } && !model.Graph.Initializer.Any(i => i.Name == v.Name))
            {
                dim[0].DimParam = "N";
            }
        }

        // Intermediate shapes recorded at export time carry the old batch size; ONNX Runtime infers them again.
        model.Graph.ValueInfo.Clear();
    }

    // The rewrite holds when a batch of 3 gives, row for row, what three batches of 1 give.
    private static bool BatchRewriteHolds(PreparedModel prepared, ModelSessionOptions options, string source)
    {
        try
        {
            using var session = OrtRunner.Create(prepared.Model, options with { UseCuda = false }, source);
            var rng = new Random(0);
            float[] x = Enumerable.Range(0, 3 * prepared.ImageLength).Select(_ => rng.NextSingle()).ToArray();
            float[] batched = RunOnce(session, prepared, x, 3);
            for (int i = 0; i < 3; i++)
            {
                float[] single = RunOnce(session, prepared, x.AsSpan(i * prepared.ImageLength, prepared.ImageLength).ToArray(), 1);
                int k = single.Length;
                if (batched.Length != 3 * k)
                {
                    return false;
                }

                for (int j = 0; j < k; j++)
                {
                    if (Math.Abs(batched[i * k + j] - single[j]) > 1e-3 * (1 + Math.Abs(single[j])))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or OnnxFormatException)
        {
            return false;
        }
    }

    private static float[] RunOnce(InferenceSession session, PreparedModel p, float[] x, int n)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, [n, p.Channels, p.Height, p.Width]);
        using var outputs = OrtRunner.Run(session, new Dictionary<string, OrtValue> { [p.InputName] = input }, [p.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
