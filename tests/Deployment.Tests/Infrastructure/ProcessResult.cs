namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>What an external tool printed and how it exited.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => $"{StandardOutput}{StandardError}";
}
