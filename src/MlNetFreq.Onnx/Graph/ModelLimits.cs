using System.Globalization;

namespace MlNetFreq.Onnx.Graph;

/// <summary>
/// Size caps for loading models that may be untrusted (an ONNX file, or an entry of a saved-model zip): a file or entry
/// above the cap fails with a clear error before it is read, and a zip entry that inflates past it (a decompression bomb
/// whose header lies) fails as soon as it does, instead of exhausting memory. The cap is
/// <c>MLNETFREQ_MAX_MODEL_BYTES</c> when set, else 2 GiB (protobuf's own limit for one message).
/// </summary>
public static class ModelLimits
{
    /// <summary>The environment variable that sets <see cref="MaxBytes"/>.</summary>
    public const string Variable = "MLNETFREQ_MAX_MODEL_BYTES";

    private static readonly AsyncLocal<long?> Scoped = new();
    private static long? _maxBytes;

    /// <summary>Largest model file or zip entry read, in bytes.</summary>
    public static long MaxBytes
    {
        get => Scoped.Value ?? _maxBytes ?? FromEnvironment();
        set => _maxBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "expected a positive number of bytes.");
    }

    /// <summary>A cap for the current asynchronous flow only (e.g. one request or one test), until disposed.</summary>
    public static IDisposable Limit(long bytes)
    {
        var previous = Scoped.Value;
        Scoped.Value = bytes > 0 ? bytes : throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "expected a positive number of bytes.");
        return new Restore(() => Scoped.Value = previous);
    }

    /// <summary>Throws unless <paramref name="bytes"/> is within the cap.</summary>
    public static void Check(long bytes, string source)
    {
        long max = MaxBytes;
        if (bytes > max)
        {
            throw new OnnxFormatException($"{source}: expected at most {max:N0} bytes ({Variable}), found {bytes:N0}; refusing to load it.");
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end, failing once more than the cap has come out of it.</summary>
    public static byte[] ReadBounded(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long max = MaxBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new OnnxFormatException($"{source}: expected at most {max:N0} bytes ({Variable}), found more while inflating it; refusing to load it.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static long FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v > 0 ? v : 2L << 30;

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
