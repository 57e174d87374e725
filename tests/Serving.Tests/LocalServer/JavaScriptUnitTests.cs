using System.Text.RegularExpressions;

namespace TwitterSentiment.Serving.Tests.LocalServer;

/// <summary>Runs the local server's own unit tests (node:test, serving/test/*.test.mjs) as part of dotnet test.</summary>
[CancelAfter(120_000)]
public sealed partial class JavaScriptUnitTests
{
    [Test]
    public async Task The_local_server_unit_tests_pass(CancellationToken ct)
    {
        string[] testFiles = Directory.GetFiles(Repository.Path("serving", "test"), "*.test.mjs");
        Assert.That(testFiles, Is.Not.Empty);

        var result = await ProcessRunner.RunAsync("node", ["--test", .. testFiles], timeout: TimeSpan.FromSeconds(100), cancellationToken: ct);

        Assert.That(result.ExitCode, Is.Zero, () => result.Output);
        Assert.That(int.Parse(Summary().Match(result.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), result.StandardOutput);
    }

    [GeneratedRegex(@"^# pass (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
