using System.Runtime.InteropServices;

namespace MlNetFreq.Data.Outputs;

/// <summary>
/// What the operating system says a path is: its type (without following a final symbolic link) and the identity
/// (device, inode) of the file it finally leads to, so that a hard link or a symbolic link to an input is recognised
/// as that input. Read with libc's <c>lstat</c>/<c>stat</c> on Linux; elsewhere only .NET's own view (directory,
/// link, file; identity by resolved full path).
/// </summary>
internal readonly record struct FileIdentity(string Kind, ulong Device, ulong Inode)
{
    // st_mode's file-type bits (POSIX).
    private const uint TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000, Link = 0xA000, Fifo = 0x1000, Socket = 0xC000, CharDevice = 0x2000, BlockDevice = 0x6000;

    /// <summary>The kind of what is at <paramref name="path"/> ("file", "directory", "symbolic link", "FIFO", …), or null when nothing is.</summary>
    public static string? KindOf(string path)
    {
        if (Stat(path, follow: false) is { } status)
        {
            return status.Kind;
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return "symbolic link";
        }

        return System.IO.Directory.Exists(path) ? "directory" : info.Exists ? "file" : null;
    }

    /// <summary>True when both paths lead to the same file (same path, a hard link or a symbolic link to it).</summary>
    public static bool Same(string first, string second)
    {
        if (Stat(first, follow: true) is { } a && Stat(second, follow: true) is { } b)
        {
            return a.Device == b.Device && a.Inode == b.Inode;
        }

        return string.Equals(Resolved(first), Resolved(second), StringComparison.Ordinal);
    }

    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    private static FileIdentity? Stat(string path, bool follow)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        // struct stat: st_dev and st_ino are the first two 64-bit fields on both; st_mode follows st_nlink (64-bit) on
        // x86-64 and precedes a 32-bit st_nlink on arm64 (the generic layout).
        var buffer = new byte[256];
        try
        {
            if ((follow ? NativeStat(path, buffer) : NativeLstat(path, buffer)) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a libc without these symbols (glibc before 2.33): .NET's own view
        }

        ulong device = BitConverter.ToUInt64(buffer, 0), inode = BitConverter.ToUInt64(buffer, 8);
        uint mode = BitConverter.ToUInt32(buffer, RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16);
        string kind = (mode & TypeMask) switch
        {
            Regular => "file",
            Directory => "directory",
            Link => "symbolic link",
            Fifo => "FIFO",
            Socket => "socket",
            CharDevice => "character device",
            BlockDevice => "block device",
            _ => "special file",
        };
        return new FileIdentity(kind, device, inode);
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int NativeStat(string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int NativeLstat(string path, byte[] buffer);
}
