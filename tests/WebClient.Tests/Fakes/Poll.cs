namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>Waits for something another thread does (a request reaching a server), checking often instead of sleeping a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>Returns once <paramref name="condition"/> holds; the test's [CancelAfter] ends a wait for something that never comes.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (!condition())
        {
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
