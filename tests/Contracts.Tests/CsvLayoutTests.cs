namespace TwitterSentiment.Contracts.Tests;

/// <summary>The one CSV layout detector the trainer and the site share.</summary>
public sealed class CsvLayoutTests
{
    [TestCase("0")]
    [TestCase("2")]
    [TestCase(" 4 ")]
    public void Sentiment140s_six_columns_with_a_polarity_and_a_numeric_id_are_its_layout(string polarity)
    {
        string[] row = [polarity, "1467810369", "Mon Apr 06 22:19:45 PDT 2009", "NO_QUERY", "user", "text about tweets"];

        var layout = CsvLayout.Detect(row);

        Assert.That(layout, Is.EqualTo(CsvLayout.Sentiment140));
        Assert.That((layout?.HasHeader, layout?.TextColumn, layout?.LabelColumn), Is.EqualTo((false, 5, (int?)0)));
    }

    [TestCase("1", "1467810369")]
    [TestCase("4", "id")]
    [TestCase("4", "")]
    public void Six_fields_without_a_polarity_or_id_are_not_Sentiment140(string polarity, string id)
    {
        Assert.That(CsvLayout.IsSentiment140([polarity, id, "d", "q", "u", "t"]), Is.False);
        Assert.That(CsvLayout.IsSentiment140(["4", "1", "d", "q", "u"]), Is.False, "five fields");
    }

    [TestCase(new[] { "text", "label" }, 0, 1)]
    [TestCase(new[] { "Tweet", "Sentiment" }, 0, 1)]
    [TestCase(new[] { "id", " tweet_text ", "polarity" }, 1, 2)]
    [TestCase(new[] { "TARGET", "content" }, 1, 0)]
    [TestCase(new[] { "class", "message", "user" }, 1, 0)]
    [TestCase(new[] { "label", "text", "content" }, 1, 0)]
    [TestCase(new[] { "full_text", "label" }, 0, 1)]
    [TestCase(new[] { "Tweet body", "stars" }, 0, null)]
    [TestCase(new[] { "text" }, 0, null)]
    public void A_header_names_the_text_column_and_perhaps_the_label_column_by_the_shared_synonyms(string[] header, int text, int? label)
    {
        Assert.That(CsvLayout.Detect(header), Is.EqualTo(new CsvLayout(CsvLayoutKind.Header, text, label)));
    }

    private static readonly string[][] NoLayout =
    [
        ["id", "body", "stars"],
        ["hello", "1"],
        ["a very long first cell that mentions text but is a tweet really"],
        [],
    ];

    [TestCaseSource(nameof(NoLayout))]
    public void Anything_else_is_no_layout(string[] first)
    {
        Assert.That(CsvLayout.Detect(first), Is.Null);
    }

    [Test]
    public void The_expected_layouts_are_described_with_every_synonym()
    {
        Assert.That(CsvLayout.TextHeaders.Concat(CsvLayout.LabelHeaders), Has.All.Matches<string>(name => CsvLayout.Expected.Contains(name, StringComparison.Ordinal)));
    }
}
