using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class ComparePageTests : SiteTestBase
{
    [Test]
    public async Task Two_versions_side_by_side_list_where_they_disagree_and_score_labels(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 2;
        // Version 1 reads everything as negative.
        TfServing.OtherVersions[1] = ("AVAILABLE", _ => 0.1);

        string html = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(
            ("First", "1"), ("Second", "2"), ("WithLabels", "true"), ("Tweets", "I love this,1\nworst day ever,negative\ngreat, really great,positive")), cancellationToken));

        Assert.That(html, Does.Contain("3 tweets:"));
        Assert.That(html, Does.Contain("<strong>2</strong> with different labels"));
        Assert.That(html, Does.Contain("“version 1” right 33%, “version 2” right 100%"));
        Assert.That(html, Does.Contain("data-label=\"Tweet\">great, really great</td>"), "a comma before the label stays in the tweet");
        Assert.That(html, Does.Contain("data-testid=\"disagreements\""));
    }

    [Test]
    public async Task A_label_routes_to_its_version(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 2;
        TfServing.OtherVersions[1] = ("AVAILABLE", null);
        TfServing.Labels["stable"] = 1;

        string html = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "stable"), ("Second", "2"), ("Tweets", "I love this")), cancellationToken));

        Assert.That(html, Does.Contain("data-testid=\"no-disagreements\""));
        Assert.That(html, Does.Not.Contain("data-problem"));
    }

    [Test]
    public async Task A_version_that_is_not_available_is_explained_not_called(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 2;
        TfServing.OtherVersions[3] = ("LOADING", null);

        string html = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "2"), ("Second", "3"), ("Tweets", "I love this")), cancellationToken));

        Assert.That(html, Does.Contain("data-problem=\"version-unavailable\""));
        Assert.That(html, Does.Contain("Its state is LOADING, so it cannot answer. It is still loading; try again shortly."));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task An_unknown_version_or_label_is_explained(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string unknownVersion = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "7"), ("Second", "9"), ("Tweets", "hi")), cancellationToken));
        string unknownLabel = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "7"), ("Second", "canary"), ("Tweets", "hi")), cancellationToken));
        string badInput = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "7"), ("Second", "../x"), ("Tweets", "hi")), cancellationToken));

        Assert.That(unknownVersion, Does.Contain("data-problem=\"version-unknown\"").And.Contain("Versions it lists: 7 (AVAILABLE)."));
        Assert.That(unknownLabel, Does.Contain("data-problem=\"label-unknown\"").And.Contain("Unrecognized servable version label: canary"));
        Assert.That(badInput, Does.Contain("Give two versions"));
    }

    [Test]
    public async Task The_form_offers_the_listed_versions(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 5;
        TfServing.OtherVersions[4] = ("AVAILABLE", null);

        string html = await site.GetPageAsync("/Compare", cancellationToken);

        Assert.That(html, Does.Contain("Versions TensorFlow Serving lists: 5 (AVAILABLE), 4 (AVAILABLE)."));
        Assert.That(SiteClient.HiddenValue(html, "First"), Is.EqualTo("4"));
        Assert.That(SiteClient.HiddenValue(html, "Second"), Is.EqualTo("5"));
    }
}
