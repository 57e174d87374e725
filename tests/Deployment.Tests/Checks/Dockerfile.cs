using System.Globalization;
using System.Text.RegularExpressions;

namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>The few facts the consistency checks read from a Dockerfile: base images and exposed ports.</summary>
internal sealed partial record Dockerfile(IReadOnlyList<string> BaseImages, IReadOnlyList<int> ExposedPorts)
{
    public static Dockerfile Parse(string text)
    {
        // Join continuation lines so that multi-line instructions read as one.
        string joined = ContinuationRegex().Replace(text, " ");
        var instructions = joined.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2)
            .Select(parts => (Keyword: parts[0].ToUpperInvariant(), Arguments: parts[1]))
            .ToList();

        var baseImages = instructions.Where(i => i.Keyword == "FROM")
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(a => !a.StartsWith("--", StringComparison.Ordinal)))
            .ToList();
        var ports = instructions.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.TryParse(p.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : -1)
            .ToList();
        return new Dockerfile(baseImages, ports);
    }

    [GeneratedRegex(@"\\[ \t]*\r?\n")]
    private static partial Regex ContinuationRegex();
}
