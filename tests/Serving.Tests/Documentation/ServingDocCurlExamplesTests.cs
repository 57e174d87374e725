using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TwitterSentiment.Serving.Tests.Infrastructure;
using TwitterSentiment.Serving.Tests.Targets;

namespace TwitterSentiment.Serving.Tests.Documentation;

/// <summary>
/// Every curl command in docs/serving.md's "Querying the model" section runs against the local server, and its reply has the
/// shape of the JSON block shown after it, so the documentation cannot drift from what the server does.
/// </summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed partial class ServingDocCurlExamplesTests : ServedModelsFixture
{
    private const string Page = "docs/serving.md";
    private const string SectionHeading = "## Querying the model";

    public static IEnumerable<TestCaseData> Examples() =>
        ReadExamples().Select((e, i) => new TestCaseData(e.Command, e.ExpectedJson).SetName($"Documented curl example {i + 1} runs: {Shorten(e.Command)}"));

    [OneTimeSetUp]
    public Task StartServerAsync() => StartServingAsync(ServingTargets.LocalServer, "documented-models", basePath =>
    {
        TinyModels.Lexicon.AddVersionTo(basePath, 1);
        return new ServingSetup(basePath);
    });

    [Test]
    public void The_serving_page_shows_curl_examples_for_status_metadata_and_predict()
    {
        var commands = ReadExamples().Select(e => e.Command).ToList();

        Assert.That(commands, Has.Some.Contains(":predict"));
        Assert.That(commands, Has.Some.Contains("/metadata"));
        Assert.That(commands, Has.Some.Match(@"/v1/models/sentiment['""]?\s*$"));
    }

    [TestCaseSource(nameof(Examples))]
    public async Task Example_runs_against_the_local_server(string command, string? expectedJson, CancellationToken ct)
    {
        string local = command.Replace("localhost:8501", Target.Client.BaseAddress!.Authority, StringComparison.Ordinal);

        var result = await ProcessRunner.RunAsync("bash", ["-c", $"set -o pipefail; {local}"], timeout: TimeSpan.FromSeconds(60), cancellationToken: ct);

        Assert.That(result.ExitCode, Is.Zero, () => $"{command}\n{result.StandardError}\n{result.StandardOutput}");
        var reply = JsonNode.Parse(result.StandardOutput);
        Assert.That(reply?["error"], Is.Null, result.StandardOutput);
        if (expectedJson is not null)
        {
            Assert.That(Shape(reply), Is.EqualTo(Shape(JsonNode.Parse(expectedJson))), () => $"reply {result.StandardOutput} differs in shape from the documented {expectedJson}");
        }
    }

    private sealed record Example(string Command, string? ExpectedJson);

    /// <summary>curl commands in ```bash blocks of the section, each with the ```json block right after it.</summary>
    private static List<Example> ReadExamples()
    {
        string page = File.ReadAllText(Repository.Path(Page));
        int start = page.IndexOf(SectionHeading, StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        int end = page.IndexOf("\n## ", start + SectionHeading.Length, StringComparison.Ordinal);
        string section = end < 0 ? page[start..] : page[start..end];
        var examples = new List<Example>();
        var blocks = FencedBlock().Matches(section).ToList();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Groups["lang"].Value != "bash")
            {
                continue;
            }

            string? expected = i + 1 < blocks.Count && blocks[i + 1].Groups["lang"].Value == "json" ? blocks[i + 1].Groups["body"].Value : null;
            var commands = blocks[i].Groups["body"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
                .Select(l => l.Trim()).Where(l => l.StartsWith("curl ", StringComparison.Ordinal)).ToList();
            examples.AddRange(commands.Select(c => new Example(c, commands.Count == 1 ? expected : null)));
        }

        return examples;
    }

    /// <summary>Keys and value kinds, recursively (values such as probabilities differ between models).</summary>
    private static string Shape(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Shape(p.Value)}")) + "}",
        JsonArray a => "[" + (a.Count == 0 ? "" : Shape(a[0])) + "]",
        JsonValue v => v.GetValueKind().ToString(),
        _ => "null",
    };

    private static string Shorten(string command) => command.Length <= 70 ? command : command[..70] + "…";

    [GeneratedRegex(@"```(?<lang>\w*)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
