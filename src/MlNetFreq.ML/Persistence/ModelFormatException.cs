namespace MlNetFreq.ML.Persistence;

/// <summary>A saved MlNetFreq model cannot be read: corrupt, written by a newer version, or of an unknown kind. The message names the file.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string source, string message, Exception? inner = null)
        : base($"{source}: {message}", inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
