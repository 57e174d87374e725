namespace TwitterSentiment.TestSupport;

/// <summary>
/// Waits for a condition by checking it again and again, for tests that must wait for something another process or
/// thread does and have no event to await: the wait ends as soon as the condition holds, never after a guessed delay.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="describe"/>'s text when <paramref name="timeout"/> passes first.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken) =>
        UntilAsync(_ => Task.FromResult(condition()), timeout, describe, cancellationToken);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="describe"/>'s text when <paramref name="timeout"/> passes first.</summary>
    public static async Task UntilAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still waiting after {timeout}: {describe()}");
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }
}
