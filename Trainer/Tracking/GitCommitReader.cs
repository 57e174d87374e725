namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Reads the checked-out commit straight from <c>.git</c> (no git executable needed): HEAD, loose refs, packed-refs,
/// and the <c>.git</c> file plus <c>commondir</c> that linked worktrees use.
/// </summary>
public static class GitCommitReader
{
    public sealed record GitHead(string Commit, string? Branch);

    public static GitHead? Read(string startDirectory)
    {
        try
        {
            return ReadCore(startDirectory);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static GitHead? ReadCore(string startDirectory)
    {
        string? gitDirectory = FindGitDirectory(startDirectory);
        if (gitDirectory is null)
            return null;
        string commonPath = Path.Combine(gitDirectory, "commondir");
        string commonDirectory = File.Exists(commonPath)
            ? Path.GetFullPath(Path.Combine(gitDirectory, File.ReadAllText(commonPath).Trim()))
            : gitDirectory;

        string head = File.ReadAllText(Path.Combine(gitDirectory, "HEAD")).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
            return IsSha(head) ? new GitHead(head, null) : null;

        string reference = head["ref:".Length..].Trim();
        string? branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : null;
        foreach (string directory in new[] { gitDirectory, commonDirectory })
        {
            string loose = Path.Combine(directory, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose) && File.ReadAllText(loose).Trim() is var sha && IsSha(sha))
                return new GitHead(sha, branch);
        }

        string packed = Path.Combine(commonDirectory, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (string line in File.ReadLines(packed))
            {
                string[] parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[1].Trim() == reference && IsSha(parts[0]))
                    return new GitHead(parts[0], branch);
            }
        }

        return null;
    }

    private static string? FindGitDirectory(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(candidate))
                return candidate;
            if (File.Exists(candidate))
            {
                // A linked worktree or submodule: ".git" is a file saying "gitdir: <path>".
                string text = File.ReadAllText(candidate).Trim();
                return text.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? Path.GetFullPath(Path.Combine(directory.FullName, text["gitdir:".Length..].Trim()))
                    : null;
            }
        }

        return null;
    }

    private static bool IsSha(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
