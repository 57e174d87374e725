using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TwitterSentiment.Trainer.Text;
using TwitterSentiment.WebClient.Tests.Browser;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>
/// The whole chain in a real browser: the shared tiny models, trained and exported by the Trainer's own run, served by
/// serving/local-server as versions 1 and 2 (stable and canary), called by the site, which uses the latest.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
[CancelAfter(600_000)]
public sealed partial class RealServingInBrowserTests : IAsyncDisposable
{
    private ServedTinyModelsSite _chain = null!;
    private ChromiumSession _chromium = null!;

    private TinyModel Model => _chain.Served.Latest;

    [OneTimeSetUp]
    public async Task StartEverythingAsync()
    {
        LocalServerProcess.RequireScript();
        _chromium = await ChromiumSession.LaunchOrIgnoreAsync();
        _chain = await ServedTinyModelsSite.StartAsync("webclient-e2e");
    }

    /// <summary>NUnit disposes the fixture after its last test: stop the server, delete the model.</summary>
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

    [Test, Order(1)]
    public async Task The_served_model_gives_the_trained_models_answer_with_its_version()
    {
        const string tweet = "I love this phone!";
        float expected = Model.Predict(tweet);
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(_chain.SiteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync(tweet);
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        var result = page.Locator("[data-testid=result]");
        await Assertions.Expect(result.Locator(".label-badge")).ToHaveTextAsync(expected >= 0.5 ? "positive" : "negative");
        await Assertions.Expect(page.Locator("[data-testid=model-version]")).ToHaveTextAsync(_chain.Served.LatestVersion.ToString(CultureInfo.InvariantCulture));
        double shown = double.Parse(ProbabilityPattern().Match(await result.InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(shown, Is.EqualTo(expected).Within(0.0006), "the page shows (to 3 decimals) what TorchSharp computes");
        Assert.That(expected, Is.GreaterThan(0.5), "the tiny model learned that 'love' is positive");
        await ChromiumSession.ScreenshotAsync(page, "real-analyze");
    }

    [Test, Order(2)]
    public async Task A_batch_is_scored_by_the_served_model_and_downloads_as_csv()
    {
        string[] tweets = ["worst game ever", "what a wonderful day", "the food is terrible"];
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Tweets, one per line").FillAsync(string.Join('\n', tweets));
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download results as CSV" }).ClickAsync());
        string path = _chain.Directory.File("results.csv");
        await download.SaveAsAsync(path);
        var rows = (await File.ReadAllLinesAsync(path)).Skip(1).Select(line => line.Split(',')).ToList();

        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "1", "2", "3" }), "the line each tweet came from");
        Assert.That(rows.Select(r => r[1]), Is.EqualTo(tweets));
        for (int i = 0; i < tweets.Length; i++)
        {
            Assert.That(double.Parse(rows[i][2], CultureInfo.InvariantCulture), Is.EqualTo(Model.Predict(tweets[i])).Within(1e-4));
        }

        await ChromiumSession.ScreenshotAsync(page, "real-batch");
    }

    /// <summary>The notes come from the served model's own tokenize signature (sequence length 16 here).</summary>
    [Test, Order(2)]
    public async Task Batch_rows_say_when_the_served_model_knew_no_words_or_cut_the_tweet()
    {
        const string unknown = "zzqx blorp 😍😍";
        const string tooLong = "i love this phone the movie my day the weather this song the food our team the game";
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Tweets, one per line").FillAsync(string.Join('\n', unknown, tooLong, "i love this phone"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();

        var rows = page.Locator("[data-testid=results] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0).Locator(".row-note")).ToContainTextAsync("knew none of these words");
        int tokens = TweetTokenizer.Default.Tokenize(tooLong).Count;
        Assert.That(tokens, Is.GreaterThan(Model.SequenceLength));
        await Assertions.Expect(rows.Nth(1).Locator(".row-note")).ToContainTextAsync($"the first {Model.SequenceLength} of its {tokens} tokens");
        await Assertions.Expect(rows.Nth(1).Locator(".row-note")).Not.ToContainTextAsync("knew");
        await Assertions.Expect(rows.Nth(2).Locator(".row-note")).ToHaveCountAsync(0);
    }

    [Test, Order(3)]
    public async Task The_model_page_shows_the_exported_signatures()
    {
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Model").AbsoluteUri);

        await Assertions.Expect(page.Locator("[data-testid=versions]")).ToContainTextAsync($"{_chain.Served.LatestVersion} (newest)");
        await Assertions.Expect(page.Locator("[data-testid=signature-serving_default]")).ToContainTextAsync("DT_STRING");
        await Assertions.Expect(page.Locator("[data-testid=signature-tokenize]")).ToContainTextAsync($"[-1, {Model.SequenceLength}]");
        await ChromiumSession.ScreenshotAsync(page, "real-model");
    }

    [Test, Order(3)]
    public async Task The_word_influences_on_the_page_equal_what_direct_predict_calls_give()
    {
        const string tweet = "the food is terrible";
        string[] words = tweet.Split(' ');
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(_chain.SiteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync(tweet);
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        var shown = page.Locator("[data-testid=influences] .influence");
        await Assertions.Expect(shown).ToHaveCountAsync(words.Length);
        var influences = new List<double>();
        for (int i = 0; i < words.Length; i++)
        {
            influences.Add(double.Parse(await shown.Nth(i).GetAttributeAsync("data-influence") ?? "NaN", CultureInfo.InvariantCulture));
        }

        // The same question asked of the model server directly: the tweet, then each word left out.
        using var http = new HttpClient { BaseAddress = _chain.Server.BaseAddress };
        string[] instances = [tweet, .. words.Select((_, left) => string.Join(' ', words.Where((_, i) => i != left)))];
        using var response = await http.PostAsync("v1/models/sentiment:predict",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(new { instances }), System.Text.Encoding.UTF8, "application/json"));
        var predictions = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["predictions"]!.AsArray();
        double full = predictions[0]!["probability"]!.GetValue<double>();
        for (int i = 0; i < words.Length; i++)
        {
            Assert.That(influences[i], Is.EqualTo(full - predictions[i + 1]!["probability"]!.GetValue<double>()).Within(1e-9), words[i]);
        }

        // Which way a word pushes depends on what the tiny test model learned; that leaving words out moves the answer does not.
        Assert.That(influences.Max(Math.Abs), Is.GreaterThan(1e-4), "leaving a word out changes P(positive)");
        await ChromiumSession.ScreenshotAsync(page, "real-influences");
    }

    [Test, Order(3)]
    public async Task The_model_page_shows_the_model_info_the_export_carries()
    {
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(new Uri(_chain.SiteAddress, "Model").AbsoluteUri);

        var info = page.Locator("[data-testid=model-info]");
        await Assertions.Expect(info).ToHaveAttributeAsync("data-state", "shown");
        await Assertions.Expect(info).ToContainTextAsync(Model.RunName);
        await Assertions.Expect(info).ToContainTextAsync("Sequence length");
        await Assertions.Expect(info).ToContainTextAsync(Model.DataSha256);
        await Assertions.Expect(page.Locator("[data-testid=mlflow-run]")).ToContainTextAsync(Model.RunId);
    }

    [Test, Order(4)]
    public async Task Stopping_the_model_server_gives_the_friendly_down_message()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(_chain.SiteAddress.AbsoluteUri);
        await _chain.Server.KillAsync();

        await page.GetByLabel("Tweet").FillAsync("anyone there?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The model server is not reachable");
        await ChromiumSession.ScreenshotAsync(page, "real-server-down");
    }

    [GeneratedRegex(@"P\(positive\) = ([0-9.]+)")]
    private static partial Regex ProbabilityPattern();
}
