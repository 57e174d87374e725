using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class AnalyzePageTests : SiteTestBase
{
    /// <summary>How long a test waits for a request to reach a server (the machine may be busy).</summary>
    private static readonly TimeSpan Waiting = TimeSpan.FromSeconds(30);

    [Test]
    public async Task The_home_page_offers_a_labelled_text_box_with_its_limit_and_examples(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.GetPageAsync("/", cancellationToken);

        Assert.That(html, Does.Contain("<label class=\"field-label\" for=\"Text\">Tweet</label>"));
        Assert.That(html, Does.Contain("Up to 280 characters"));
        Assert.That(html, Does.Contain("aria-live=\"polite\""));
        Assert.That(html, Does.Contain("name=\"Text\" value=\"I love this new phone, best purchase all year!\""));
        Assert.That(TfServing.PredictRequests, Is.Zero, "showing the page calls no model");
    }

    [Test]
    public async Task Analyzing_a_tweet_shows_the_label_probability_latency_and_model_version(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 42;

        string html = await site.PostFormForPageAsync("/", Form(("Text", "I love this")), cancellationToken);

        Assert.That(html, Does.Contain("<span class=\"label-badge\">positive</span>"));
        Assert.That(html, Does.Contain("P(positive) = 0.881"));
        Assert.That(html, Does.Match("data-testid=\"latency\">[0-9]+\\.[0-9] ms<"));
        Assert.That(html, Does.Contain("data-testid=\"model-version\">42<"));
    }

    [Test]
    public async Task Empty_text_gets_a_friendly_prompt_and_no_model_call(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/", Form(("Text", "   ")), cancellationToken);

        Assert.That(html, Does.Contain("Type or paste a tweet first."));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task Too_long_text_states_its_length_and_the_limit(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/", Form(("Text", new string('a', 281))), cancellationToken);

        Assert.That(html, Does.Contain("That text has 281 characters; the limit is 280."));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task Html_and_script_in_a_tweet_render_as_text(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        const string tweet = "<script>alert('x')</script><b>love</b>";

        string html = await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken);

        Assert.That(html, Does.Not.Contain("<script>"));
        Assert.That(html, Does.Not.Contain("<b>love</b>"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;love&lt;/b&gt;"));
        Assert.That(html, Does.Contain("<span class=\"label-badge\">positive</span>"), "the text still reaches the model intact");
    }

    [Test]
    public async Task A_503_is_retried_and_the_visitor_sees_the_answer(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.EnqueuePredictFaults(Fault.Unavailable);

        string html = await site.PostFormForPageAsync("/", Form(("Text", "worst day")), cancellationToken);

        Assert.That(html, Does.Contain("<span class=\"label-badge\">negative</span>"));
        Assert.That(TfServing.PredictRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task A_400_is_not_retried_and_its_message_is_shown(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.EnqueuePredictFaults(Fault.BadRequest("JSON Value: 1 Type: Number is not of expected type: string"));

        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "hello")), cancellationToken));

        Assert.That(html, Does.Contain("The model server rejected the input"));
        Assert.That(html, Does.Contain("JSON Value: 1 Type: Number is not of expected type: string"));
        Assert.That(TfServing.PredictRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task A_stopped_model_server_gets_a_friendly_message_without_a_stack_trace(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "1" });
        await TfServing.StopAsync();

        using var response = await site.PostFormAsync("/", Form(("Text", "hello")), cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"down\""));
        Assert.That(html, Does.Contain("The model server is not reachable (stopped or restarting)"));
        Assert.That(html, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_hanging_model_server_is_abandoned_with_a_too_slow_message(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var site = StartSite(new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:00.300",
            ["TfServing:TotalTimeout"] = "00:00:01",
            ["TfServing:MaxRetryAttempts"] = "1",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
        }, services => services.AddSingleton<TimeProvider>(clock));
        // The form's GET first, so the requests counted below are the page's calls to the model server only.
        string token = await site.AntiforgeryTokenAsync("/", cancellationToken);
        int before = TfServing.Requests;
        TfServing.PersistentPredictFault = Fault.Hang;

        var page = site.PostFormWithTokenAsync("/", Form(("Text", "hello")), token, cancellationToken);
        // The status answers; the next call hangs, then its retry.
        await Poll.UntilAsync(() => TfServing.Requests == before + 2, Waiting, () => "TfServing.Requests == before + 2", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        await Poll.UntilAsync(() => TfServing.Requests == before + 3, Waiting, () => "TfServing.Requests == before + 3", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        using var response = await page;
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"timeout\""));
        Assert.That(html, Does.Contain("The model server is too slow right now"));
    }

    [Test]
    public async Task An_open_circuit_is_explained_to_the_visitor(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?>
        {
            ["TfServing:MaxRetryAttempts"] = "0",
            // Each page asks the status (answered) and then the model (failing): four calls are two pages.
            ["TfServing:CircuitMinimumThroughput"] = "4",
            ["TfServing:CircuitFailureRatio"] = "0.5",
            ["TfServing:CircuitBreakDuration"] = "00:00:30",
        });
        TfServing.PersistentPredictFault = Fault.Unavailable;

        var pages = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            pages.Add(await site.PostFormForPageAsync("/", Form(("Text", "hello")), cancellationToken));
        }

        Assert.That(pages[0], Does.Contain("data-problem=\"failing\""));
        Assert.That(pages[^1], Does.Contain("data-problem=\"circuit-open\""));
        Assert.That(SiteClient.Text(pages[^1]), Does.Contain("The model server is failing").And.Contain("this site stopped calling it for a moment"));
        Assert.That(Factory.Logs.Entries.Select(e => e.Message), Has.Some.Contains("Circuit to TF Serving opened"));
    }

    [Test]
    public async Task A_loading_model_is_explained_and_not_called(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.State = "LOADING";

        string html = await site.PostFormForPageAsync("/", Form(("Text", "hello")), cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"loading\""));
        Assert.That(html, Does.Contain("The model is still loading"));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task Malformed_json_from_the_model_server_is_reported_as_unreadable(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.EnqueuePredictFaults(Fault.MalformedJson);

        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "hello")), cancellationToken));

        Assert.That(html, Does.Contain("The model server's answer could not be read"));
    }

    [Test]
    public async Task A_NaN_probability_is_shown_as_not_a_number(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.EnqueuePredictFaults(Fault.BareNaN);

        string html = await site.PostFormForPageAsync("/", Form(("Text", "hello")), cancellationToken);

        Assert.That(html, Does.Contain("P(positive) is not a number"));
    }

    [Test]
    public async Task The_answer_is_in_the_title_and_the_form_jumps_to_the_result(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string form = await site.GetPageAsync("/", cancellationToken);
        string html = await site.PostFormForPageAsync("/", new Dictionary<string, string> { ["Text"] = "I love it" }, cancellationToken);

        Assert.That(form, Does.Contain("action=\"/#result\""));
        Assert.That(SiteClient.Text(html), Does.Contain("<title>positive – Analyze a tweet · Tweet sentiment</title>"));
        Assert.That(html, Does.Contain("<section id=\"result\""));
    }
}
