namespace MlNetFreq.Methods.Validation;

/// <summary>The SHA-256 that reports and state files record for a data set: the float32 pixels, then the int32 labels, as read.</summary>
public static class DataFingerprint
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="images"/>' bytes followed by <paramref name="labels"/>' bytes.</summary>
    public static string Sha256(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(images));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes (a model's identity in reports and cluster jobs), read as a stream.</summary>
    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
