using MlNetFreq.Data.Outputs;

namespace MlNetFreq.Cli.Output;

/// <summary>
/// The output files of one command, all or nothing: each is checked for writability before any work starts
/// (<see cref="Stage"/> creates its folder — removed again if the run fails and it stays empty — and writes and deletes a
/// probe beside it), written under a temporary sibling
/// name, and renamed into place by <see cref="Commit"/> once everything is written. An error before that deletes the
/// temporary files; no final path ever holds a partial file. Ctrl-C (SIGINT) and SIGTERM delete the temporaries of every
/// uncommitted run before the process ends (<see cref="DeleteTemporariesOnInterrupt"/>); only a hard kill leaves hidden
/// .tmp siblings.
/// </summary>
internal sealed class StagedOutputs : IDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<StagedOutputs, byte> Live = new();
    private readonly List<(string Temp, string Final)> _staged = [];
    private readonly List<string> _createdFolders = [];
    private readonly Dictionary<string, string> _flags = new(StringComparer.Ordinal);

    /// <summary>Registers the signal handlers that delete uncommitted temporaries when the process is interrupted.</summary>
    public static IDisposable[] DeleteTemporariesOnInterrupt() =>
    [
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => DeleteAllTemporaries()),
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => DeleteAllTemporaries()),
    ];

    private static void DeleteAllTemporaries()
    {
        foreach (var outputs in Live.Keys)
        {
            outputs.Dispose();
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> (given by <paramref name="flag"/>) can be written — the output contract of
    /// <see cref="OutputTarget"/>: an extension among <paramref name="extensions"/> (none: any), not one of the command
    /// line's inputs, not a directory, device, FIFO or link, not staged twice — and returns the temporary path to write instead.
    /// </summary>
    public string Stage(string flag, string path, params string[] extensions)
    {
        string full = Path.GetFullPath(path);
        OutputTarget.Check(flag, path, CommandLineInputs.All.Where(i => i.Option != flag), extensions);
        Claim(flag, path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        StageFolder(flag, dir, path);
        // The temporary sibling keeps the extension (figure and table writers choose their format from it).
        string temp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.tmp{Path.GetExtension(full)}");
        lock (_staged)
        {
            _staged.Add((temp, full));
        }

        Live.TryAdd(this, 0);
        return temp;
    }

    /// <summary>
    /// Records that <paramref name="flag"/> writes <paramref name="path"/>; throws when another output of this run
    /// already does (the second would replace the first). Outputs written outside the staging (a state file rewritten
    /// as the run goes) claim their path too.
    /// </summary>
    public void Claim(string flag, string path)
    {
        string full = Path.GetFullPath(path);
        lock (_staged)
        {
            if (_flags.TryGetValue(full, out string? first))
            {
                throw new ArgumentException($"{flag} {path}: expected a path of its own, found the one {first} already writes.");
            }

            _flags[full] = flag;
        }
    }

    /// <summary>
    /// <see cref="CheckFolder"/>, remembering the folders it had to create: an uncommitted run removes them again when
    /// they are still empty, so a failed command leaves no empty output folder behind.
    /// </summary>
    public void StageFolder(string flag, string folder, string? shown = null)
    {
        string full = Path.GetFullPath(folder);
        string? topmostMissing = null;
        for (string? d = full; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            topmostMissing = d;
        }

        CheckFolder(flag, full, shown ?? folder);
        if (topmostMissing is not null)
        {
            lock (_staged)
            {
                _createdFolders.Add(topmostMissing);
            }
        }

        Live.TryAdd(this, 0);
    }

    /// <summary>Checks that files can be written in <paramref name="folder"/> (given by <paramref name="flag"/>), creating it.</summary>
    public static void CheckFolder(string flag, string folder, string? shown = null)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".mlnetfreq-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"{flag}: expected a writable location, found that {shown ?? folder} cannot be written ({ex.Message}).", ex);
        }
    }

    /// <summary>Renames every staged file into place.</summary>
    public void Commit()
    {
        lock (_staged)
        {
            foreach (var (temp, final) in _staged)
            {
                File.Move(temp, final, overwrite: true);
            }

            _staged.Clear();
            _createdFolders.Clear();
        }

        Live.TryRemove(this, out _);
    }

    /// <summary>Deletes the temporary files of an uncommitted run (also called from the interrupt handler).</summary>
    public void Dispose()
    {
        lock (_staged)
        {
            foreach (var (temp, _) in _staged.Where(s => File.Exists(s.Temp)))
            {
                File.Delete(temp);
            }

            foreach (string folder in _createdFolders.Where(f => Directory.Exists(f) && !Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories).Any()))
            {
                Directory.Delete(folder, recursive: true);
            }

            _staged.Clear();
            _createdFolders.Clear();
        }

        Live.TryRemove(this, out _);
    }
}
