using System.Text.RegularExpressions;
using TwitterSentiment.Serving.Tests.Infrastructure;

namespace TwitterSentiment.Serving.Tests.LocalServer;

/// <summary>Runs the local server's own unit tests (node:test, serving/test/*.test.mjs) as part of dotnet test.</summary>
[CancelAfter(120_000)]
public sealed partial class JavaScriptUnitTests
{
    [Test]
    public async Task The_local_server_unit_tests_pass(CancellationToken ct)
    {
        var testFiles = Directory.GetFiles(Path.Combine(RepositoryLayout.Root, "serving", "test"), "*.test.mjs");
        Assert.That(testFiles, Is.Not.Empty);

        var result = await ProcessRunner.RunAsync("node", ["--test", .. testFiles], TimeSpan.FromSeconds(100), ct);

        Assert.That(result.ExitCode, Is.Zero, () => result.Output + result.Errors);
        Assert.That(int.Parse(Summary().Match(result.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), result.Output);
    }

    [GeneratedRegex(@"^# pass (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
