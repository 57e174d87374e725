namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The one check of files named on the command line (<c>--data</c>, <c>--evaluate</c>, …): a file that is not there
/// is a usage error in every command, found before any work.
/// </summary>
public static class OptionFiles
{
    /// <summary>"--data: the file x.csv does not exist." for the first path that is not a file, else null.</summary>
    /// <param name="option">The option, as the user typed it.</param>
    /// <param name="paths">Its values; <see cref="CommandLineArguments.StandardInput"/> is skipped when <paramref name="allowStandardInput"/>.</param>
    public static string? Problem(string option, IEnumerable<string?> paths, bool allowStandardInput = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (string? path in paths)
        {
            if (path is null || (allowStandardInput && path == CommandLineArguments.StandardInput) || File.Exists(path)) continue;
            return Directory.Exists(path)
                ? $"{option}: {path} is a folder; give a CSV file."
                : $"{option}: the file {path} does not exist.";
        }
        return null;
    }
}
