namespace MlNetFreq.Onnx.Graph;

/// <summary>An ONNX model cannot be read or used: corrupt file, unexpected inputs, unsupported operator. The message says where.</summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public OnnxFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public OnnxFormatException(string message)
        : base(message)
    {
    }
}
