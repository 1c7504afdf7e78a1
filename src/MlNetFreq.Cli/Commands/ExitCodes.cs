namespace MlNetFreq.Cli.Commands;

/// <summary>The tool's exit codes, one per cause (documented in the README), so a pipeline can tell them apart.</summary>
internal static class ExitCodes
{
    /// <summary>Done (for <c>validate</c>: every check passed).</summary>
    public const int Success = 0;

    /// <summary>An internal error: a bug, reported with its type and message.</summary>
    public const int Internal = 1;

    /// <summary>A usage or policy error: a bad flag, value, option or policy file.</summary>
    public const int Usage = 2;

    /// <summary><c>validate</c>: a check failed.</summary>
    public const int CheckFailed = 3;

    /// <summary>Bad data or model: a missing, corrupt or mismatched input file.</summary>
    public const int BadInput = 4;
}
