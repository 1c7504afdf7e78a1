using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Tests.Shared;

/// <summary>Builds small ONNX models in tests: one float input "x" [N, C, H, W], nodes, constants, one output.</summary>
internal sealed class TestGraph
{
    private readonly ModelProto _model;
    private int _counter;

    public TestGraph(int c, int h, int w, long opset = 17)
    {
        _model = new ModelProto { IrVersion = 8, ProducerName = "mlnetfreq-tests", Graph = new GraphProto { Name = "test" } };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (long d in new long[] { c, h, w })
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        _model.Graph.Input.Add(new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } });
    }

    public string X => "x";

    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Nodes(op, inputs, 1, attributes)[0];

    public string[] Nodes(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => $"t{_counter++}").ToArray();
        _model.Graph.Node.Add(MlNetFreq.Onnx.Graph.Nodes.Make(op, inputs, names, names[0] + "_" + op, attributes));
        return names;
    }

    public string Const(float[] values, params long[] dims)
    {
        string name = $"c{_counter++}";
        _model.Graph.Initializer.Add(TensorValues.Float(name, values, dims));
        return name;
    }

    public string Random(int seed, params long[] dims) =>
        Const(TestArrays.Uniform((int)dims.Aggregate(1L, (a, b) => a * b), seed, -1f, 1f), dims);

    public string Ints(params long[] values)
    {
        string name = $"i{_counter++}";
        _model.Graph.Initializer.Add(TensorValues.Int64(name, values, values.Length));
        return name;
    }

    public ModelProto Output(string tensor)
    {
        _model.Graph.Output.Add(new ValueInfoProto { Name = tensor, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });
        return _model;
    }
}
