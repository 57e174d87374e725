using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>
/// Versions a visitor can choose and an operator can pin: version 1 (labelled stable) reads everything as negative,
/// version 2 (labelled canary, the newest) is the stand-in's word-counting model.
/// </summary>
public sealed class VersionTests : SiteTestBase
{
    /// <summary>How long a test waits for a request to reach a server (the machine may be busy).</summary>
    private static readonly TimeSpan Waiting = TimeSpan.FromSeconds(30);

    private const double StableScore = 0.1;

    [SetUp]
    public void ServeTwoVersionsWithLabels()
    {
        TfServing.Version = 2;
        TfServing.OtherVersions[1] = ("AVAILABLE", _ => StableScore);
        TfServing.Labels["stable"] = 1;
        TfServing.Labels["canary"] = 2;
        TfServing.ModelInfoByVersion[1] = """{ "run": "lstm-stable", "model": { "lexicon": "vader_lexicon.txt", "lexicon_weight": 1.0, "bag_dim": 100, "dropout": 0.2, "best_epoch": 3 }, "training": { "seed": 42, "epochs": 8, "learning_rate": 0.001 }, "calibration": { "method": "temperature", "data": "validation split" } }""";
        TfServing.ModelInfoByVersion[2] = """{ "run": "lstm-canary", "model": { "dropout": 0.3, "best_epoch": 5 }, "training": { "seed": 7, "epochs": 10, "learning_rate": 0.002 } }""";
    }

    [Test]
    public async Task Without_a_pin_or_a_choice_the_newest_version_answers(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/", Form(("Text", "I love it")), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"model-version\">2<"));
        Assert.That(html, Does.Contain("P(positive) = 0.881"));
    }

    [TestCase("TfServing:Label", "stable", "1 (stable)")]
    [TestCase("TfServing:Version", "1", "1")]
    public async Task A_pinned_label_or_version_answers_by_default(string key, string value, string shown, CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { [key] = value });

        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "I love it")), cancellationToken));

        Assert.That(html, Does.Contain($"data-testid=\"model-version\">{shown}<"));
        Assert.That(html, Does.Contain("P(positive) = 0.100"));
        Assert.That(html, Does.Contain($"Empty: {(key.EndsWith("Label", StringComparison.Ordinal) ? "stable" : "version 1")}, which this site is pinned to."));
    }

    [TestCase("2", "2", "0.881")]
    [TestCase("canary", "2 (canary)", "0.881")]
    [TestCase("1", "1", "0.100")]
    public async Task A_visitor_picks_another_version_or_label_than_the_pinned_one(string picked, string shown, string probability, CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:Label"] = "stable" });

        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "I love it"), ("Version", picked)), cancellationToken));

        Assert.That(html, Does.Contain($"data-testid=\"model-version\">{shown}<"));
        Assert.That(html, Does.Contain($"P(positive) = {probability}"));
        Assert.That(html, Does.Contain($"name=\"Version\" type=\"text\" value=\"{picked}\""), "the choice stays in the picker");
    }

    [Test]
    public async Task An_unknown_label_a_version_not_served_and_text_that_is_neither_are_explained(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string label = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "hi"), ("Version", "beta")), cancellationToken));
        string version = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "hi"), ("Version", "9")), cancellationToken));
        string neither = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "hi"), ("Version", "../1")), cancellationToken));

        Assert.That(label, Does.Contain("data-problem=\"label-unknown\"").And.Contain("Unrecognized servable version label: beta"));
        Assert.That(version, Does.Contain("data-problem=\"version-unknown\"").And.Contain("Versions it lists: 2 (AVAILABLE), 1 (AVAILABLE)."));
        Assert.That(neither, Does.Contain("data-testid=\"version-error\">" + "Give a version number"));
        Assert.That(TfServing.PredictRequests, Is.Zero, "nothing is predicted for a choice that cannot answer");
    }

    [Test]
    public async Task A_labelled_file_is_evaluated_on_the_version_picked_on_the_batch_page(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string stable = SiteClient.Text(await site.PostFormForPageAsync("/Batch", Form(("Lines", "I love it\nworst day"), ("Version", "stable")), cancellationToken));
        string newest = SiteClient.Text(await site.PostFormForPageAsync("/Batch", Form(("Lines", "I love it\nworst day")), cancellationToken));

        Assert.That(stable, Does.Contain("data-testid=\"batch-model\">stable (version 1)<").And.Contain("data-testid=\"negative-count\">2<"));
        Assert.That(newest, Does.Contain("data-testid=\"batch-model\">version 2<").And.Contain("data-testid=\"negative-count\">1<"));
    }

    [Test]
    public async Task The_model_page_shows_any_versions_training_facts_and_what_tells_them_apart(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string newest = SiteClient.Visible(await site.GetPageAsync("/Model", cancellationToken));
        string stable = SiteClient.Visible(await site.GetPageAsync("/Model?version=stable", cancellationToken));
        string first = SiteClient.Visible(await site.GetPageAsync("/Model?version=1", cancellationToken));

        Assert.That(newest, Does.Contain("What version 2 was trained on Lexicon none Bag of vectors none Calibration not recorded Seed 7 Epochs 10 at most, best 5 Learning rate 0.002 Dropout 0.3"));
        Assert.That(stable, Does.Contain("What stable (version 1) was trained on Lexicon vader_lexicon.txt, weight 1 Bag of vectors 100 dimensions Calibration temperature on validation split Seed 42 Epochs 8 at most, best 3 Learning rate 0.001 Dropout 0.2"));
        Assert.That(stable, Does.Contain("Run lstm-stable").And.Contain("1 (shown)"));
        Assert.That(first, Does.Contain("What version 1 was trained on"));
    }

    [Test]
    public async Task Readiness_follows_the_pinned_label(CancellationToken cancellationToken)
    {
        using var known = StartSite(new Dictionary<string, string?> { ["TfServing:Label"] = "stable" });
        using var ready = await known.GetAsync("/readyz", cancellationToken);
        TfServing.Labels.Remove("stable");
        using var unknown = await known.GetAsync("/readyz", cancellationToken);

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a pin TF Serving cannot serve keeps the site unready");
    }

    [Test]
    public async Task A_pin_is_checked_once_the_server_answers_even_if_it_starts_after_the_site(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        int port = TfServing.BaseAddress.Port;
        await TfServing.StopAsync();
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:Label"] = "beta", ["TfServing:RetryBaseDelay"] = "00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        await Poll.UntilAsync(() => Messages().Any(m => m.Contains("TfServing:Label beta not checked yet", StringComparison.Ordinal)), Waiting, () => "Messages().Any(m => m.Contains(\"TfServing:Label beta not checked yet\", StringComparison.Ordinal))", cancellationToken);

        await using var started = await FakeTfServing.StartAsync(port);
        clock.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => Messages().Any(m => m.Contains("TfServing:Label beta cannot be used", StringComparison.Ordinal)), Waiting, () => "Messages().Any(m => m.Contains(\"TfServing:Label beta cannot be used\", StringComparison.Ordinal))", cancellationToken);

        Assert.That(Messages().Single(m => m.Contains("cannot be used", StringComparison.Ordinal)), Does.Contain("Unrecognized servable version label: beta"));
    }

    [Test]
    public async Task A_usable_pin_is_logged_with_the_version_it_answers_with(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:Label"] = "stable" });

        await Poll.UntilAsync(() => Messages().Any(m => m.Contains("TfServing:Label stable: answering with stable (version 1)", StringComparison.Ordinal)), Waiting, () => "Messages().Any(m => m.Contains(\"TfServing:Label stable: answering with stable (version 1)\", StringComparison.Ordinal))", cancellationToken);
    }

    [Test]
    public void Pinning_a_version_and_a_label_at_once_stops_the_site_at_start()
    {
        var factory = new SiteFactory(TfServing.BaseAddress, new Dictionary<string, string?> { ["TfServing:Version"] = "1", ["TfServing:Label"] = "stable" });
        try
        {
            var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.Start());
            Assert.That(error?.Message, Does.Contain("Set Version or Label to pin the model, not both."));
        }
        finally
        {
            factory.Dispose();
        }
    }

    private List<string> Messages() => [.. Factory.Logs.Entries.Select(e => e.Message)];
}
