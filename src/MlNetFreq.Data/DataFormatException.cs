namespace MlNetFreq.Data;

/// <summary>
/// A file or stream does not hold what its format promises. The message names the source (file path or
/// description), what was expected and what was found. Every parser of this library reports bad bytes with this
/// exception and no other.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/>.</summary>
    public DataFormatException(string source, string message, Exception? inner = null)
        : base($"{source}: {message}", inner)
    {
        Source = source;
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public DataFormatException()
    {
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
