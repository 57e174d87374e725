namespace TwitterSentiment.WebClient.Tests.Fakes;

public static class Expect
{
    /// <summary>Like Assert.ThrowsAsync, but returns the exception non-null (the test fails otherwise).</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> action) where T : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
        }
        catch (T expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            Assert.Fail($"Expected {typeof(T).Name} but got {other.GetType().Name}: {other.Message}");
        }

        Assert.Fail($"Expected {typeof(T).Name} but nothing was thrown.");
        throw new InvalidOperationException("unreachable");
    }
}
