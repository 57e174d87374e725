namespace TwitterSentiment.Tests.Shared;

/// <summary>
/// The repository the tests were built from: the nearest ancestor of the test binaries holding TwitterSentiment.sln.
/// One file, compiled into every test project by tests/Directory.Build.props.
/// </summary>
internal static class TestRepository
{
    public const string SolutionFileName = "TwitterSentiment.sln";

    private static readonly Lazy<string?> Found = new(() => Find(AppContext.BaseDirectory));

    /// <summary>The root, or null when the binaries were copied out of a clone.</summary>
    public static string? RootOrNull => Found.Value;

    public static string Root => Found.Value ?? throw new DirectoryNotFoundException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");

    /// <summary>A path under the root, from its segments (<c>TestRepository.Combine("serving", "local-server")</c>).</summary>
    public static string Combine(params string[] segments) => Path.Combine([Root, .. segments]);

    private static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName))) return directory.FullName;
        }
        return null;
    }
}
