using System.Text.RegularExpressions;

namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>
/// Checks the deployment against the web client's own source: the probe paths are mapped, and every
/// `Section__Property` key of the ConfigMap binds to a property of an options class with that section name.
/// </summary>
internal static partial class WebClientContractChecks
{
    // Settings the .NET runtime and ASP.NET Core read themselves, not the site's options classes.
    private static readonly string[] RuntimePrefixes = ["ASPNETCORE_", "DOTNET_"];

    public static IReadOnlyList<string> ProbePathsAreMapped(string source) =>
        ServedApp.WebClient.ServedPaths
            .Where(path => !source.Contains($"\"{path}\"", StringComparison.Ordinal))
            .Select(path => $"The web client source maps no endpoint \"{path}\", which the probes use.")
            .ToList();

    public static IReadOnlyList<string> ConfigKeysBindToOptions(IEnumerable<string> keys, string source)
    {
        var problems = new List<string>();
        foreach (string? key in keys.Where(k => !RuntimePrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))))
        {
            string[] parts = key.Split("__");
            if (parts.Length != 2)
            {
                problems.Add($"ConfigMap key {key} is not of the form Section__Property.");
                continue;
            }

            if (!source.Contains($"SectionName = \"{parts[0]}\"", StringComparison.Ordinal))
            {
                problems.Add($"ConfigMap key {key}: no options class of the web client has SectionName \"{parts[0]}\".");
            }
            else if (!Regex.IsMatch(source, $@"\b{Regex.Escape(parts[1])}\s*\{{\s*get", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                problems.Add($"ConfigMap key {key}: the web client has no settable property {parts[1]}.");
            }
        }

        return problems;
    }
}
