namespace TwitterSentiment.WebClient.Serving;

/// <summary>Every retry, timeout and circuit transition of the TF Serving pipeline, as structured events.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "TF Serving call failed ({Outcome}); retry {Attempt} of {MaxAttempts} in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string outcome, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "TF Serving attempt timed out after {TimeoutMs:0} ms")]
    public static partial void AttemptTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "TF Serving call gave up after the total timeout of {TimeoutMs:0} ms")]
    public static partial void TotalTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "Circuit to TF Serving opened for {BreakMs:0} ms after {Outcome}; calls fail fast meanwhile")]
    public static partial void CircuitOpened(ILogger logger, double breakMs, string outcome);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Circuit to TF Serving half-open: trying one call")]
    public static partial void CircuitHalfOpened(ILogger logger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Circuit to TF Serving closed: calls flow again")]
    public static partial void CircuitClosed(ILogger logger);
}
