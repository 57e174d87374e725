using System.Text.RegularExpressions;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>The smaller findings of issue 24, each as a visitor met it.</summary>
public sealed partial class SmallerItemsTests : SiteTestBase
{
    [Test]
    public async Task The_title_says_the_verdict_the_badge_says(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        // One positive and one negative word: P = 0.5 in the stand-in.
        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "love and hate")), cancellationToken));

        Assert.That(html, Does.Contain("<title>unsure (leans positive) – Analyze a tweet · Tweet sentiment</title>"));
    }

    [Test]
    public async Task Compare_shows_the_unsure_band_and_reads_labels_only_when_asked(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 2;
        TfServing.OtherVersions[1] = ("AVAILABLE", null);

        string unticked = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "1"), ("Second", "2"), ("Tweets", "love and hate\nI love this,1")), cancellationToken));
        string ticked = SiteClient.Text(await site.PostFormForPageAsync("/Compare", Form(("First", "1"), ("Second", "2"), ("WithLabels", "true"), ("Tweets", "I love this,1\nno label here")), cancellationToken));

        Assert.That(unticked, Does.Contain("unsure (leans positive) (0.500)"));
        Assert.That(unticked, Does.Contain("data-label=\"Tweet\">I love this,1<"), "a tweet ending in ,1 stays whole");
        Assert.That(unticked, Does.Not.Contain("labelled line"));
        Assert.That(ticked, Does.Contain("data-label=\"Tweet\">I love this<").And.Contain("On the 1 labelled line"));
        Assert.That(ticked, Does.Contain("Line 2 has no label after the last comma that the page can read"));
    }

    [Test]
    public async Task The_forms_and_examples_jump_to_their_result(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string analyze = await site.GetPageAsync("/", cancellationToken);
        string compare = await site.GetPageAsync("/Compare", cancellationToken);

        Assert.That(Regex.Matches(analyze, "<form[^>]*action=\"/#result\""), Has.Count.EqualTo(2), "the tweet form and the examples");
        Assert.That(compare, Does.Contain("action=\"/Compare#comparison-region\"").And.Contain("id=\"comparison-region\""));
    }

    [Test]
    public async Task Unsure_rows_are_counted_as_of_these_not_beside_positive_and_negative(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = SiteClient.Visible(await site.PostFormForPageAsync("/Batch", Form(("Lines", "I love it\nlove and hate\nworst day")), cancellationToken));

        Assert.That(html, Does.Contain("Texts scored 3 Positive 2 Negative 1"));
        Assert.That(html, Does.Contain("Of these, 1 is unsure (P(positive) between 0.4 and 0.6); it is counted above by the side it leans to."));
    }

    [TestCase("/")]
    [TestCase("/Model")]
    public async Task Every_table_has_a_caption(string path, CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string batch = await site.PostFormForPageAsync("/Batch", Form(("Lines", "I love it\nworst day")), cancellationToken);
        string compare = await site.PostFormForPageAsync("/Compare", Form(("First", "7"), ("Second", "7"), ("Tweets", "a\nb")), cancellationToken);
        string page = await site.GetPageAsync(path, cancellationToken);

        foreach (string html in new[] { batch, compare, page })
        {
            var tables = Regex.Matches(html, "<table[^>]*>\\s*(<\\w+)", RegexOptions.Singleline);
            Assert.That(tables.Select(t => t.Groups[1].Value), Has.All.EqualTo("<caption"));
        }
    }

    [Test]
    public async Task The_footer_does_not_claim_TensorFlow_Serving_when_the_local_server_may_answer(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = SiteClient.Text(await site.GetPageAsync("/", cancellationToken));

        Assert.That(html, Does.Contain("served over TensorFlow Serving's REST API").And.Not.Contain("served by TensorFlow Serving"));
    }

    [Test]
    public async Task A_batch_without_a_wrong_row_offers_no_link_to_the_wrong_rows(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        using var response = await site.PostFileAsync("/Batch", "Upload", "right.csv", System.Text.Encoding.UTF8.GetBytes("text,label\nI love it,1\nworst day,0\n"), cancellationToken);
        string html = SiteClient.Text(await response.Content.ReadAsStringAsync(cancellationToken));

        Assert.That(html, Does.Contain("It got every labelled row right.").And.Not.Contain("data-testid=\"show-wrong\""));
    }
}
