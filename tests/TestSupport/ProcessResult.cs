namespace TwitterSentiment.TestSupport;

/// <summary>How a child process exited and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output then standard error, for assertion messages and checks on either stream.</summary>
    public string Output => $"{StandardOutput}{StandardError}";
}
