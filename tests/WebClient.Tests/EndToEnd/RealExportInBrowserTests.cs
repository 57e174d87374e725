using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using TwitterSentiment.WebClient.Tests.Browser;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>
/// The site in Chromium on a real export: the shared tiny models (real runs, so a 32-character MLflow run id and a
/// 64-character data hash) served by serving/local-server as version 1 (stable, with a lexicon) and 2 (canary, without).
/// Every page and state at a phone's and a laptop's width: nothing overflows its column or the viewport, Batch and
/// Compare rows are cards on the phone with the answer in view, and axe-core finds nothing serious. Then versions
/// (pinned and picked), a cut tweet's explanation against direct calls, and an outage: the server stopped and restarted.
/// The README's screenshots are taken here (UPDATE_SCREENSHOTS=1).
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
[CancelAfter(900_000)]
public sealed class RealExportInBrowserTests : IAsyncDisposable
{
    private static readonly int[] Widths = [390, 1280];

    private ServedTinyModelsSite _chain = null!;
    private ChromiumSession _chromium = null!;
    private string _axe = null!;

    private TinyModel Stable => _chain.Served.Versions[_chain.Served.Labels[ServedTinyModels.StableLabel]];

    private TinyModel Canary => _chain.Served.Versions[_chain.Served.Labels[ServedTinyModels.CanaryLabel]];

    [OneTimeSetUp]
    public async Task StartEverythingAsync()
    {
        LocalServerProcess.RequireScript();
        _axe = Accessibility.RequireAxe();
        _chromium = await ChromiumSession.LaunchOrIgnoreAsync();
        _chain = await ServedTinyModelsSite.StartAsync("webclient-real-export");
    }

    public async ValueTask DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    private async Task CheckAsync(IPage page, string state, bool cards = false)
    {
        await PageFit.AssertFitsAsync(page, state, noSidewaysScrolling: cards);
        await Accessibility.AssertCleanAsync(page, _axe, state);
    }

    [TestCaseSource(nameof(Widths))]
    public async Task Analyze_fits_and_is_accessible_in_every_state(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        await page.GotoAsync(_chain.SiteAddress.AbsoluteUri);
        await CheckAsync(page, "Analyze, empty");

        await AnalyzeAsync(page, "not bad at all, the concert was actually great");
        await Assertions.Expect(page.Locator("[data-testid=influences]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".result-probability")).ToBeInViewportAsync();
        await CheckAsync(page, "Analyze, with its explanation");
        await Screenshot(page, width == 390 ? "phone-analyze" : "analyze-influences");

        await AnalyzeAsync(page, CutTweet);
        await Assertions.Expect(page.Locator("[data-read=notread]").First).ToBeVisibleAsync();
        await CheckAsync(page, "Analyze, a cut tweet");

        await page.GetByLabel("Tweet").FillAsync("hello");
        await page.Locator("summary").GetByText("Model:").ClickAsync();
        await page.GetByLabel("Model version or label").FillAsync("../1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=version-error]")).ToBeVisibleAsync();
        await CheckAsync(page, "Analyze, a version that is no version");

        await page.GetByLabel("Tweet").FillAsync(new string('x', 300));
        await page.GetByLabel("Model version or label").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        await CheckAsync(page, "Analyze, a text too long");
    }

    [TestCaseSource(nameof(Widths))]
    public async Task Batch_fits_shows_cards_on_a_phone_and_is_accessible_in_every_state(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await CheckAsync(page, "Batch, empty");

        await UploadAsync(page, "labelled.csv", LabelledCsv(12));
        await Assertions.Expect(page.Locator("[data-testid=evaluation]")).ToBeVisibleAsync();
        await CheckAsync(page, "Batch, 12 labelled rows and a long one", cards: width < 600);
        if (width < 600)
        {
            var firstRow = page.Locator("[data-testid=results] tbody tr").First;
            Assert.That(await firstRow.EvaluateAsync<string>("row => getComputedStyle(row).display"), Is.EqualTo("flex"), "a card, not a table row");
            foreach (var cell in new[] { firstRow.Locator(".cell-number"), firstRow.Locator(".cell-label") })
            {
                var box = await cell.BoundingBoxAsync() ?? throw new AssertionException("a cell without a box");
                Assert.That(box.X + box.Width, Is.LessThanOrEqualTo(width), "the probability and label are in view without scrolling sideways");
            }

            var tick = await page.Locator("svg.distribution:not(.roc) text.tick").First.BoundingBoxAsync() ?? throw new AssertionException("no histogram label");
            Assert.That(tick.Height, Is.GreaterThanOrEqualTo(10), "the histogram's labels are readable on a phone");
        }

        await Screenshot(page, width == 390 ? "phone-batch" : "batch-evaluation");

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await UploadAsync(page, "many.csv", LabelledCsv(150));
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(100);
        await CheckAsync(page, "Batch, 151 rows, page 1", cards: width < 600);
        await page.GetByRole(AriaRole.Link, new() { Name = "Page 2" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(51);
        await CheckAsync(page, "Batch, page 2", cards: width < 600);

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await UploadAsync(page, "columns.csv", "id,body,score\n1,I love this phone so much,3\n2,worst game ever,1\n");
        await Assertions.Expect(page.GetByLabel("Column with the tweets")).ToBeVisibleAsync();
        await CheckAsync(page, "Batch, asking for the text column");

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = "photo.csv", MimeType = "text/csv", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
        await CheckAsync(page, "Batch, a PNG refused");
    }

    [TestCaseSource(nameof(Widths))]
    public async Task Compare_fits_shows_cards_on_a_phone_and_is_accessible(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        await page.GotoAsync(new Uri(_chain.SiteAddress, "Compare").AbsoluteUri);
        await CheckAsync(page, "Compare, empty");

        await page.GetByLabel("First version or label").FillAsync(ServedTinyModels.StableLabel);
        await page.GetByLabel("Second version or label").FillAsync(ServedTinyModels.CanaryLabel);
        await page.GetByLabel("Tweets, one per line").FillAsync(string.Join('\n', TinyTweetsWithLabels(12)));
        await page.GetByLabel("Each line ends with its true label (text,label)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compare-summary]")).ToContainTextAsync("stable (version 1)");
        await CheckAsync(page, "Compare, stable against canary", cards: width < 600);
        if (width == 1280)
        {
            await Screenshot(page, "compare");
        }

        await page.GetByLabel("Second version or label").FillAsync("9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Version 9 is not served");
        await CheckAsync(page, "Compare, a version not served");
    }

    [TestCaseSource(nameof(Widths))]
    public async Task The_model_page_shows_each_versions_real_facts_within_its_columns(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        foreach (var (choice, model) in new[] { ("", Canary), (ServedTinyModels.StableLabel, Stable) })
        {
            await page.GotoAsync(new Uri(_chain.SiteAddress, "Model" + (choice.Length == 0 ? "" : $"?version={choice}")).AbsoluteUri);
            var info = page.Locator("[data-testid=model-info]");
            await Assertions.Expect(info).ToHaveAttributeAsync("data-state", "shown");
            await Assertions.Expect(info).ToContainTextAsync(model.RunId);
            await Assertions.Expect(info).ToContainTextAsync(model.DataSha256);
            await Assertions.Expect(page.Locator("[data-testid=highlights] div").First).ToHaveTextAsync(new Regex(model == Stable
                ? $@"^\s*Lexicon\s*tiny-lexicon\.txt, weight {Regex.Escape(TinyModelRecipe.LexiconWeight.ToString(CultureInfo.InvariantCulture))}\s*$"
                : @"^\s*Lexicon\s*none\s*$"));
            await Assertions.Expect(page.Locator("[data-testid=mlflow-run]")).ToContainTextAsync($"MLFLOW_TRACKING_URI={new Uri(model.MlflowStore).AbsoluteUri} mlflow runs describe --run-id {model.RunId}");
            await CheckAsync(page, $"Model, {(choice.Length == 0 ? "default" : choice)}", cards: true);
        }

        if (width == 1280)
        {
            await Screenshot(page, "model");
        }

        await page.GotoAsync(new Uri(_chain.SiteAddress, "no-such-page").AbsoluteUri);
        await CheckAsync(page, "the 404 page");
    }

    [Test]
    public async Task The_MLflow_command_on_the_model_page_finds_the_run_in_its_store()
    {
        var page = await _chromium.NewPageAsync(1280);
        await page.GotoAsync(new Uri(_chain.SiteAddress, "Model?version=stable").AbsoluteUri);
        string command = await page.Locator("[data-testid=mlflow-run] .command code").InnerTextAsync();

        // What `mlflow runs describe` reads: MLFLOW_TRACKING_URI's store, then <experiment>/<run id>/meta.yaml.
        string store = new Uri(command.Split(' ').Single(p => p.StartsWith("MLFLOW_TRACKING_URI=", StringComparison.Ordinal))["MLFLOW_TRACKING_URI=".Length..]).LocalPath;
        string runId = command.Split(' ')[^1];
        Assert.That(Directory.GetFiles(store, "meta.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Select(Path.GetFileName), Does.Contain(runId));
        Assert.That(command, Does.StartWith("MLFLOW_ALLOW_FILE_STORE=true "), "MLflow 3.13 and later refuse a file store without it");
    }

    [Test]
    public async Task A_site_pinned_to_stable_answers_with_it_and_a_visitor_can_pick_canary()
    {
        using var pinned = ServedTinyModelsSite.StartSite(_chain.Server.BaseAddress, new Dictionary<string, string?> { ["TfServing:Label"] = ServedTinyModels.StableLabel });
        var address = pinned.Start();
        var page = await _chromium.NewPageAsync(1280);
        const string tweet = "what a wonderful day";
        await page.GotoAsync(address.AbsoluteUri);

        await AnalyzeAsync(page, tweet);
        await Assertions.Expect(page.Locator("[data-testid=model-version]")).ToHaveTextAsync("1 (stable)");
        Assert.That(await ShownProbabilityAsync(page), Is.EqualTo(Stable.Predict(tweet)).Within(0.0006), "the stable model's answer");

        await page.Locator("summary").GetByText("Model:").ClickAsync();
        await page.GetByLabel("Model version or label").FillAsync(ServedTinyModels.CanaryLabel);
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=model-version]")).ToHaveTextAsync("2 (canary)");
        Assert.That(await ShownProbabilityAsync(page), Is.EqualTo(Canary.Predict(tweet)).Within(0.0006), "the canary model's answer");
        Assert.That(Stable.Predict(tweet), Is.Not.EqualTo(Canary.Predict(tweet)).Within(0.001), "the two versions tell apart");

        await page.GotoAsync(new Uri(address, "Batch").AbsoluteUri);
        await UploadAsync(page, "labelled.csv", LabelledCsv(20));
        await Assertions.Expect(page.Locator("[data-testid=batch-model]")).ToHaveTextAsync("stable (version 1)");
    }

    [Test]
    public async Task A_cut_tweets_influences_are_computed_on_the_part_read_as_direct_calls_give_them()
    {
        var page = await _chromium.NewPageAsync(1280);
        await page.GotoAsync(_chain.SiteAddress.AbsoluteUri);

        await AnalyzeAsync(page, CutTweet);

        string[] words = CutTweet.Split(' ');
        var spans = page.Locator("[data-testid=influences] .influence");
        await Assertions.Expect(spans).ToHaveCountAsync(words.Length);
        var read = new List<string>();
        var influences = new List<double>();
        for (int i = 0; i < words.Length; i++)
        {
            read.Add(await spans.Nth(i).GetAttributeAsync("data-read") ?? "");
            influences.Add(double.Parse(await spans.Nth(i).GetAttributeAsync("data-influence") ?? "NaN", CultureInfo.InvariantCulture));
        }

        int window = read.Count(r => r != "notread");
        Assert.That(read.Skip(window), Is.Not.Empty.And.All.EqualTo("notread"), "the words past the cut");
        Assert.That(Canary.TokenIds(string.Join(' ', words[..(window - 1)])).Count(id => id != 0), Is.LessThan(TinyModelRecipe.SequenceLength),
            "the last word read starts before the cut");
        double[] direct = await PredictDirectlyAsync([CutTweet, .. Enumerable.Range(0, window).Select(left => string.Join(' ', words[..window].Where((_, i) => i != left)))]);
        for (int i = 0; i < window; i++)
        {
            Assert.That(influences[i], Is.EqualTo(direct[0] - direct[i + 1]).Within(1e-9), words[i]);
        }

        await Assertions.Expect(page.Locator("[data-testid=note-truncated]")).ToContainTextAsync($"computed on the part it read (the first {window} words)");
    }

    [Test]
    public async Task A_stopped_server_is_not_reachable_from_the_first_request_and_the_site_answers_again_after_a_restart()
    {
        // A server of this test's own, on a port it can start again on.
        int port = FreePort.Next();
        string[] arguments = [$"--rest_api_port={port}", $"--model_config_file={_chain.Served.ModelConfigFile}", "--allow_version_labels_for_unavailable_models=true"];
        var server = await StartLocalServerAsync(port, arguments);
        var clock = new FakeTimeProvider();
        // Default retries and circuit; no back-off, since the back-off waits on the (fake) clock.
        using var site = ServedTinyModelsSite.StartSite(new Uri($"http://127.0.0.1:{port}/"), new Dictionary<string, string?> { ["TfServing:RetryBaseDelay"] = "00:00:00", ["TfServing:MaxRetryAttempts"] = "3" },
            services => services.AddSingleton<TimeProvider>(clock));
        var address = site.Start();
        var page = await _chromium.NewPageAsync(390);
        await page.GotoAsync(address.AbsoluteUri);
        try
        {
            await AnalyzeAsync(page, "so happy with the food");
            await Assertions.Expect(page.Locator("[data-testid=result]")).ToBeVisibleAsync();
            await server.KillAsync();

            // The circuit opens once half of at least six calls in its window failed; the three calls of the page above
            // succeeded, so the fourth page after the stop is paused: pauses come from failures across requests.
            var problems = new List<string?>();
            for (int request = 1; request <= 4; request++)
            {
                await AnalyzeAsync(page, "anyone there?");
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The model server is not reachable (stopped or restarting)");
                problems.Add(await page.Locator("[data-problem]").GetAttributeAsync("data-problem"));
                await CheckAsync(page, $"Analyze with the server stopped, request {request}");
            }

            Assert.That(problems, Is.EqualTo(new[] { "down", "down", "down", "circuit-open" }), "honest from the first request; paused only after failures across requests");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("it tries again in 15 seconds");

            await using var restarted = await StartLocalServerAsync(port, arguments);
            clock.Advance(TimeSpan.FromSeconds(15));
            await AnalyzeAsync(page, "so happy with the food");
            await Assertions.Expect(page.Locator("[data-testid=result]")).ToBeVisibleAsync();
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A tweet of the tiny models' words with more tokens than they read (their sequence length is 16).</summary>
    private static string CutTweet => "i love this great day so happy with my work and the weekend but today is awful and sad and boring ugh";

    /// <summary>Tweets of the tiny models' own kind (a seed of this test's, not the training data's), as "text,label" lines.</summary>
    private static IEnumerable<string> TinyTweetsWithLabels(int count) =>
        TinyTweets.Generate(count, seed: 24).Select(t => $"{t.Text},{(t.Positive ? 1 : 0)}");

    /// <summary>A labelled CSV of <paramref name="rows"/> tweets and one line over the length limit.</summary>
    private static string LabelledCsv(int rows) =>
        "text,label\n" + string.Concat(TinyTweets.Generate(rows, seed: 24).Select(t => $"\"{t.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(t.Positive ? 1 : 0)}\n"))
        + new string('x', 300) + ",1\n";

    private static async Task AnalyzeAsync(IPage page, string tweet)
    {
        await page.GetByLabel("Tweet").FillAsync(tweet);
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
    }

    private static async Task UploadAsync(IPage page, string name, string csv)
    {
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
    }

    private static async Task<double> ShownProbabilityAsync(IPage page)
    {
        string text = await page.Locator(".result-probability").InnerTextAsync();
        return double.Parse(text.Split('=')[1].Trim(), CultureInfo.InvariantCulture);
    }

    private async Task<double[]> PredictDirectlyAsync(string[] instances)
    {
        using var http = new HttpClient { BaseAddress = _chain.Server.BaseAddress };
        using var response = await http.PostAsync("v1/models/sentiment:predict",
            new StringContent(JsonSerializer.Serialize(new { instances }), Encoding.UTF8, "application/json"));
        var predictions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["predictions"]!.AsArray();
        return [.. predictions.Select(p => p!["probability"]!.GetValue<double>())];
    }

    private static async Task<LocalServerProcess> StartLocalServerAsync(int port, string[] arguments)
    {
        var server = LocalServerProcess.Start(arguments);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await ModelAvailability.WaitAsync(client, TinyModelRecipe.ModelName, () => !server.HasExited, server.Describe, LocalServerProcess.StartupTimeout, CancellationToken.None, availableVersions: 2);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private static Task Screenshot(IPage page, string name) => Accessibility.ScreenshotAsync(page, name);
}
