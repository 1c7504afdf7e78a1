using System.IO.Compression;

namespace MlNetFreq.Data.Formats;

/// <summary>File plumbing shared by the parsers: opening with clear errors, exact reads, transparent gzip.</summary>
internal static class DataFiles
{
    public static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: expected a data file, found nothing at that path.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    /// <summary>Fills <paramref name="buffer"/> or throws <see cref="DataFormatException"/> saying what was being read.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(source, $"corrupt compressed data while reading {what}: {ex.Message}", ex);
        }

        if (total < buffer.Length)
        {
            throw new DataFormatException(source, $"expected {what}, but the data ends after {total} of {buffer.Length} bytes.");
        }
    }

    /// <summary>Whole content of a file, gunzipped when it starts with the gzip magic 1F 8B.</summary>
    public static byte[] ReadAllMaybeGzip(string path)
    {
        byte[] raw;
        using (FileStream f = OpenRead(path))
        {
            raw = new byte[f.Length];
            ReadExactly(f, raw, path, "the whole file");
        }

        return raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B ? Gunzip(raw, path) : raw;
    }

    public static byte[] Gunzip(byte[] raw, string source)
    {
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException(source, $"expected valid gzip data, found a corrupt stream: {ex.Message}", ex);
        }
    }
}
