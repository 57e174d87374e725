using System.Text.RegularExpressions;

namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>
/// A .dockerignore file read as Docker reads it: one pattern per line (<c>*</c> within a folder, <c>**</c> across
/// folders, <c>!</c> to take a path back), a pattern covering a folder covers everything in it, and the last pattern
/// that matches a path decides.
/// </summary>
internal sealed class DockerIgnore(IReadOnlyList<string> patterns)
{
    public IReadOnlyList<string> Patterns { get; } = patterns;

    public static DockerIgnore Read(string file) =>
        new([.. File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))]);

    /// <summary>Whether the build context leaves out <paramref name="path"/> (relative to the context, '/'-separated).</summary>
    public bool Excludes(string path)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var selfAndParents = Enumerable.Range(1, parts.Length).Select(n => string.Join('/', parts.Take(n))).ToList();
        bool excluded = false;
        foreach (string pattern in Patterns)
        {
            bool negated = pattern.StartsWith('!');
            var glob = Glob(pattern.TrimStart('!').Trim('/'));
            if (selfAndParents.Any(glob.IsMatch))
            {
                excluded = !negated;
            }
        }

        return excluded;
    }

    private static Regex Glob(string pattern)
    {
        string regex = Regex.Escape(pattern)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
    }
}
