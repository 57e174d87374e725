namespace TwitterSentiment.TestSupport;

/// <summary>The checkout the tests were built from: the nearest folder above the test binaries holding TwitterSentiment.sln.</summary>
public static class Repository
{
    private const string Marker = "TwitterSentiment.sln";

    private static readonly Lazy<string?> FoundRoot = new(() => FindRootAbove(AppContext.BaseDirectory));

    /// <summary>The repository root; throws when the tests do not run inside a checkout.</summary>
    public static string Root => FoundRoot.Value
        ?? throw new DirectoryNotFoundException($"No {Marker} above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");

    /// <summary>The repository root, or null when the tests do not run inside a checkout (for tests that skip then).</summary>
    public static string? TryFindRoot() => FoundRoot.Value;

    /// <summary>A path inside the repository, e.g. <c>Path("serving", "local-server")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string? FindRootAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
