using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>
/// The same labelled CSVs give the same counts in `trainer evaluate --server` and on the site's Batch page, against one
/// real served model (the shared tiny model, exported, served by serving/local-server): every label spelling (0/1, 0/4,
/// neg/pos, negative/positive in any case), both header synonyms and Sentiment140's own layout, read by the one label
/// rule and layout detector, scored by the one REST client core, counted by the one metrics code.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
[CancelAfter(600_000)]
public sealed partial class SameCountsTests : IAsyncDisposable
{
    /// <summary>Tweets the tiny model reads right, and some it cannot (labelled against their words), so every cell of the confusion matrix fills.</summary>
    private static readonly (string Text, bool Positive)[] Tweets =
    [
        ("i love this phone", true), ("the movie is great", true), ("what an awesome day", true), ("so happy with the food", true),
        ("best song ever", true), ("our team is amazing", true), ("i hate the weather", true), ("the game is boring", true),
        ("i hate this song", false), ("the food is awful", false), ("what a bad game", false), ("so sad about my day", false),
        ("worst movie ever", false), ("the weather is ugh", false), ("i love our team", false), ("best phone ever", false),
    ];

    private TempDirectory _directory = null!;
    private LocalServerProcess _server = null!;
    private SiteFactory _site = null!;
    private SiteClient _client = null!;

    [OneTimeSetUp]
    public async Task TrainServeAndStartTheSiteAsync()
    {
        LocalServerProcess.RequireScript();
        _directory = new TempDirectory("same-counts");
        string basePath = _directory.File("models", "sentiment");
        TinyModels.Plain.AddVersionTo(basePath, 1);
        _server = await LocalServerProcess.StartServingAsync(basePath);
        _site = new SiteFactory(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:10",
            ["TfServing:TotalTimeout"] = "00:00:20",
        });
        _client = new SiteClient(_site.Start());
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _site?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory?.Dispose();
    }

    private static IEnumerable<TestCaseData> Files()
    {
        string Rows(Func<(string Text, bool Positive), int, string> row) => string.Concat(Tweets.Select((t, i) => row(t, i) + "\n"));
        yield return new TestCaseData("text-label-01.csv", "text,label\n" + Rows((t, _) => $"{t.Text},{(t.Positive ? 1 : 0)}")).SetArgDisplayNames("text,label with 0/1");
        yield return new TestCaseData("text-label-04.csv", "text,label\n" + Rows((t, _) => $"{t.Text},{(t.Positive ? 4 : 0)}")).SetArgDisplayNames("text,label with 0/4");
        yield return new TestCaseData("tweet-sentiment.csv",
            "tweet,sentiment\n" + Rows((t, i) => $"{t.Text},{(t.Positive ? (i % 2 == 0 ? "pos" : "POS") : (i % 2 == 0 ? "neg" : "Neg"))}") + "on the bus,2\nwho knows,maybe\n")
            .SetArgDisplayNames("tweet,sentiment with neg/pos in any case, a neutral and an unknown label");
        yield return new TestCaseData("words.csv", "Text,Label\n" + Rows((t, i) => $"\"{t.Text}\",{(t.Positive ? (i % 3 == 0 ? "POSITIVE" : "positive") : (i % 3 == 0 ? " Negative " : "negative"))}"))
            .SetArgDisplayNames("Text,Label with negative/positive in any case");
        yield return new TestCaseData("sentiment140.csv",
            Rows((t, i) => $"\"{(t.Positive ? 4 : 0)}\",\"{1467810369 + i}\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user{i}\",\"{t.Text}\"")
            + "\"2\",\"1467810999\",\"Mon Apr 06 22:20:00 PDT 2009\",\"NO_QUERY\",\"someone\",\"on the bus\"\n")
            .SetArgDisplayNames("Sentiment140's six columns with 0/4 and a neutral row");
    }

    [TestCaseSource(nameof(Files))]
    public async Task The_trainer_and_the_Batch_page_count_the_same(string name, string csv)
    {
        string path = _directory.File(name);
        await File.WriteAllTextAsync(path, csv);

        var trainer = TrainerCounts(path);
        var site = await SiteCountsAsync(name, csv);

        TestContext.Out.WriteLine($"{name}: trainer {trainer}, site {site}");
        Assert.That(site, Is.EqualTo(trainer));
        Assert.That(trainer.N, Is.EqualTo(Tweets.Length), "every positive and negative row, no neutral or unknown one");
        Assert.That(trainer.Positives, Is.EqualTo(Tweets.Count(t => t.Positive)));
        Assert.That(new[] { trainer.TruePositives, trainer.FalsePositives, trainer.TrueNegatives, trainer.FalseNegatives }, Has.All.GreaterThan(0),
            "the file exercises every cell of the confusion matrix");
    }

    /// <summary>`trainer evaluate --server … --data … --json`, run in-process as Program.cs runs it.</summary>
    private Counts TrainerCounts(string path)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var app = TrainerApp.Create(config => config.Settings.Console = Console(output), Console(errors));
        int exitCode = app.Run(["evaluate", "--server", _server.BaseAddress.AbsoluteUri, "--data", path, "--json"]);
        Assert.That(exitCode, Is.Zero, errors.ToString());

        var file = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("files")[0];
        var confusion = file.GetProperty("confusion_matrix");
        return new Counts(
            file.GetProperty("n").GetInt32(),
            file.GetProperty("positives").GetInt32(),
            confusion.GetProperty("true_positives").GetInt32(),
            confusion.GetProperty("false_positives").GetInt32(),
            confusion.GetProperty("true_negatives").GetInt32(),
            confusion.GetProperty("false_negatives").GetInt32());
    }

    /// <summary>The file uploaded to the Batch page, its evaluation read back from the page.</summary>
    private async Task<Counts> SiteCountsAsync(string name, string csv)
    {
        using var response = await _client.PostFileAsync("/Batch", "Upload", name, Encoding.UTF8.GetBytes(csv), CancellationToken.None);
        string html = SiteClient.Text(await response.Content.ReadAsStringAsync());
        int Cell(string id) => int.Parse(CellPattern(id).Match(html) is { Success: true } match ? match.Groups[1].Value : throw new AssertionException($"no {id} cell on the page:\n{html}"));
        int tp = Cell("tp"), fp = Cell("fp"), tn = Cell("tn"), fn = Cell("fn");
        var rows = KnownRows().Match(html);
        Assert.That(rows.Success, Is.True, "the page says how many rows it evaluated");
        return new Counts(int.Parse(rows.Groups[1].Value), tp + fn, tp, fp, tn, fn);
    }

    private static Regex CellPattern(string id) => new($"data-testid=\"{id}\">(\\d+) [✓✗]<");

    [GeneratedRegex(@"on the (\d+) rows with a known label")]
    private static partial Regex KnownRows();

    private static IAnsiConsole Console(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });

    private sealed record Counts(int N, int Positives, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives);
}
