using System.Globalization;
using System.Text.RegularExpressions;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed partial class ExplanationTests : SiteTestBase
{
    [Test]
    public async Task Each_word_shows_its_leave_one_out_influence_in_one_predict_request(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        const string tweet = "i love this but hate mondays";

        string html = await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken);

        Assert.That(TfServing.PredictRequests, Is.EqualTo(1), "the tweet and all its variants go in one request");
        var influences = InfluencePattern().Matches(html).Select(m => (Word: m.Groups[2].Value, Influence: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        string[] words = tweet.Split(' ');
        Assert.That(influences.Select(i => i.Word), Is.EqualTo(words));
        double full = FakeTfServing.Score(tweet);
        for (int i = 0; i < words.Length; i++)
        {
            string without = string.Join(' ', words.Where((_, k) => k != i));
            Assert.That(influences[i].Influence, Is.EqualTo(full - FakeTfServing.Score(without)).Within(1e-9), words[i]);
        }

        Assert.That(html, Does.Contain("influence-pos-3").And.Contain("influence-neg-3"));
        Assert.That(SiteClient.Text(html), Does.Contain("<span class=\"influence-value\" aria-hidden=\"true\">+0.38</span>"), "signs, not only colour");
        Assert.That(html, Does.Contain("(pushes towards positive by 0.38)"), "screen readers hear it in words");
        Assert.That(html, Does.Contain("(no effect)"));
        Assert.That(html, Does.Contain("no neutral class").IgnoreCase.Or.Contain("two classes only"));
    }

    [Test]
    public async Task A_probability_near_one_half_is_called_unsure(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        // One positive and one negative word: P = 0.5 in the fake model.
        string html = await site.PostFormForPageAsync("/", Form(("Text", "love and hate")), cancellationToken);

        Assert.That(SiteClient.Text(html), Does.Contain("data-testid=\"verdict\">unsure (leans positive)<"));
        Assert.That(html, Does.Not.Contain("<span class=\"label-badge\">positive</span>"), "no confident badge");
    }

    [Test]
    public async Task A_tweet_of_unknown_words_says_the_model_knew_none_of_them(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/", Form(("Text", "zxq blorf wibble")), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"note-unknown\""));
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task A_tweet_longer_than_the_sequence_length_says_it_was_cut(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string tweet = string.Join(' ', Enumerable.Repeat("so", 60));

        string html = await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"note-truncated\""));
        Assert.That(html, Does.Contain($"The tweet has 60 tokens; the model reads only the first {FakeTfServing.SequenceLength}, so the last 10 were cut off."));
        Assert.That(TfServing.PredictRequests, Is.EqualTo(1), "61 instances still fit one request");
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(1), "the token count comes with the ids: no second request to learn it");
    }

    [Test]
    public async Task A_tweet_of_exactly_the_sequence_length_is_not_said_to_be_cut(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string tweet = string.Join(' ', Enumerable.Repeat("so", FakeTfServing.SequenceLength));

        string html = await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"explanation\""));
        Assert.That(html, Does.Not.Contain("data-testid=\"note-truncated\"").And.Not.Contain("data-testid=\"note-filled\""),
            "its token count shows it has exactly as many tokens as the model reads");
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task An_export_without_token_count_says_whether_a_full_tweet_was_cut_is_not_known(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.HasTokenCount = false;
        string tweet = string.Join(' ', Enumerable.Repeat("so", 60));

        string html = SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken));

        Assert.That(html, Does.Contain($"The tweet filled all {FakeTfServing.SequenceLength} token positions the model reads; whether words beyond them were cut is not known"));
        Assert.That(html, Does.Not.Contain("data-testid=\"note-truncated\""));
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(1), "the site does not re-tokenize to find out");
    }

    [Test]
    public async Task An_export_without_token_count_still_knows_a_short_tweet_was_not_cut(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.HasTokenCount = false;

        string html = await site.PostFormForPageAsync("/", Form(("Text", "so happy today")), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"explanation\""));
        Assert.That(html, Does.Not.Contain("data-testid=\"note-truncated\"").And.Not.Contain("data-testid=\"note-filled\""));
    }

    [Test]
    public async Task An_export_without_a_tokenize_signature_still_gets_its_answer_and_influences(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.HasTokenizeSignature = false;

        string html = await site.PostFormForPageAsync("/", Form(("Text", "worst day")), cancellationToken);

        Assert.That(html, Does.Contain("<span class=\"label-badge\">negative</span>"));
        Assert.That(html, Does.Contain("data-testid=\"influences\""));
        Assert.That(html, Does.Not.Contain("data-testid=\"note-unknown\""));
    }

    [Test]
    public async Task Of_a_cut_tweet_the_words_past_the_cut_are_not_read_and_influences_come_from_the_part_read(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        // 50 words the model reads ("love" among them), then 10 it cuts off ("hate", which would pull the answer down).
        string[] words = ["i", "love", "this", .. Enumerable.Repeat("day", 47), .. Enumerable.Repeat("hate", 10)];
        string tweet = string.Join(' ', words);

        string html = await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken);

        var shown = WordPattern().Matches(html).Select(m => (Read: m.Groups[2].Value, Word: m.Groups[3].Value, Influence: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.That(shown.Select(w => w.Word), Is.EqualTo(words));
        Assert.That(shown.Skip(FakeTfServing.SequenceLength).Select(w => w.Read), Has.All.EqualTo("notread"), "the ten words past the cut");
        Assert.That(shown.Take(FakeTfServing.SequenceLength).Select(w => w.Read), Has.All.EqualTo("read"));
        Assert.That(shown[1].Influence, Is.EqualTo(FakeTfServing.Score(tweet) - 0.5).Within(1e-9), "leaving “love” out of the part read");
        Assert.That(shown.Take(FakeTfServing.SequenceLength).Where((_, i) => i != 1).Select(w => w.Influence), Has.All.EqualTo(0),
            "no other read word moves the answer: leaving one out pulls no unread “hate” in");
        string text = SiteClient.Visible(html);
        Assert.That(text, Does.Contain("hate not read"));
        Assert.That(text, Does.Contain("The influences are computed on the part it read (the first 50 words)"));
        Assert.That((TfServing.TokenizeRequests, TfServing.LastTokenizeInstances), Is.EqualTo((1, words.Length)), "the tweet and its 59 prefixes in one tokenize request");
        Assert.That(TfServing.PredictRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task The_unknown_words_are_named(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = SiteClient.Visible(await site.PostFormForPageAsync("/", Form(("Text", "zxq love blorf")), cancellationToken));

        Assert.That(html, Does.Contain("2 of the 3 tokens the model read were unknown to it, in “zxq”, “blorf”."));
    }

    [Test]
    public async Task Without_token_counts_a_full_tweet_is_explained_whole_and_called_possibly_unreliable(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.HasTokenCount = false;
        string tweet = string.Join(' ', ["i", "love", "this", .. Enumerable.Repeat("day", 47), .. Enumerable.Repeat("hate", 10)]);

        string html = SiteClient.Visible(await site.PostFormForPageAsync("/", Form(("Text", tweet)), cancellationToken));

        Assert.That(html, Does.Contain("so the influences may be unreliable"));
        Assert.That(html, Does.Not.Contain("not read"), "where the cut falls is not known, so no word is marked");
    }

    [GeneratedRegex("data-influence=\"([^\"]+)\" data-read=\"([a-z]+)\"><span class=\"influence-word\">([^<]*)</span>")]
    private static partial Regex WordPattern();

    [GeneratedRegex("data-influence=\"([^\"]+)\" data-read=\"[a-z]+\"><span class=\"influence-word\">([^<]*)</span>")]
    private static partial Regex InfluencePattern();
}
