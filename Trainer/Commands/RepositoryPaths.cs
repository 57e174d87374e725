using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Default paths (checkpoints/, serving/models) belong to the repository, not to wherever the command happens to
/// run: they resolve against the nearest ancestor holding TwitterSentiment.sln, else the current directory.
/// </summary>
public static class RepositoryPaths
{
    public static string Root => DefaultData.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();

    /// <summary>The user's path as given (relative to the current directory), or the default under the repository root.</summary>
    public static string ResolveOrDefault(string? userPath, string defaultRelativePath) =>
        Path.GetFullPath(userPath ?? Path.Combine(Root, defaultRelativePath));
}
