using TwitterSentiment.Contracts;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class BatchInputReaderTests
{
    private static readonly InputLimits Limits = new() { MaxTextLength = 10, MaxBatchLines = 3, MaxUploadRows = 3 };

    private static readonly InputLimits Roomy = new() { MaxTextLength = 280, MaxUploadRows = 100 };

    [Test]
    public void Pasted_lines_are_trimmed_blank_ones_skipped_and_numbered_by_their_line()
    {
        var input = BatchInputReader.FromLines(" one \r\n\r\ntwo\n   \nthree", Limits);

        Assert.That(input.Error, Is.Null);
        Assert.That(input.Texts, Is.EqualTo(new[] { "one", "two", "three" }));
        Assert.That(input.Items.Select(i => i.Line), Is.EqualTo(new[] { 1, 3, 5 }));
    }

    [TestCase(null)]
    [TestCase(" \n \r\n")]
    public void Nothing_pasted_is_refused_with_a_hint(string? pasted)
    {
        var input = BatchInputReader.FromLines(pasted, Limits);

        Assert.That(input.IsValid, Is.False);
        Assert.That(input.Error, Does.StartWith("Paste at least one tweet"));
    }

    [Test]
    public void An_overlong_line_is_kept_on_its_row_not_scored_and_the_others_are_scored()
    {
        var input = BatchInputReader.FromLines("short\nthis is far too long\nok", Limits);

        Assert.That(input.IsValid, Is.True);
        Assert.That(input.Items.Select(i => i.Skipped), Is.EqualTo(new[] { null, "Not scored: 20 characters, over the limit of 10.", null }));
        Assert.That(input.Scored.Select(i => i.Line), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(input.Notes, Has.One.EqualTo("Line 2 is longer than 10 characters: listed but not scored; the other 2 are."));
    }

    [Test]
    public void When_no_line_fits_the_input_is_refused_naming_the_lines()
    {
        var input = BatchInputReader.FromLines("this is far too long\nand this one is too", Limits);

        Assert.That(input.Error, Is.EqualTo("Each text may have at most 10 characters: line 1 has 20, line 2 has 19."));
    }

    [TestCase("text;label\nI love it;1\nI hate it;0\n", ';')]
    [TestCase("text\tlabel\nI love it\t1\n", '\t')]
    [TestCase("text,label\nI love it,1\n", ',')]
    public void The_file_s_separator_is_kept_for_the_download(string csv, char separator)
    {
        var input = BatchInputReader.FromCsvText(csv, Roomy);

        Assert.That(input.Separator, Is.EqualTo(separator));
        Assert.That(input.Texts[0], Is.EqualTo("I love it"));
        Assert.That(input.LabelColumn, Is.EqualTo("label"));
    }

    [Test]
    public void A_headerless_text_and_label_pair_uses_the_text_and_reads_the_labels()
    {
        var input = BatchInputReader.FromCsvText("hello,1\n\"a, b\",0\n", Limits);

        Assert.That(input.Texts, Is.EqualTo(new[] { "hello", "a, b" }));
        Assert.That(input.Items.Select(i => i.Label), Is.EqualTo(new Sentiment?[] { Sentiment.Positive, Sentiment.Negative }));
        Assert.That(input.Items.Select(i => i.Line), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void A_csv_with_a_text_header_uses_that_column_keeps_every_field_and_numbers_rows_like_a_spreadsheet()
    {
        var input = BatchInputReader.FromCsvText("id,Text\n7,sad\n\n8,\"ok \"\"yes\"\"\"\n", Limits);

        Assert.That(input.Texts, Is.EqualTo(new[] { "sad", "ok \"yes\"" }));
        Assert.That(input.Columns, Is.EqualTo(new[] { "id", "Text" }));
        Assert.That(input.Items.Select(i => i.Line), Is.EqualTo(new[] { 2, 4 }), "the header is row 1 and the blank line row 3");
        Assert.That(input.Items[1].Fields, Is.EqualTo(new[] { "8", "ok \"yes\"" }));
        Assert.That(input.LabelColumn, Is.Null);
    }

    [Test]
    public void A_quoted_line_break_is_one_spreadsheet_row()
    {
        var input = BatchInputReader.FromCsvText("text\n\"two\nlines\"\nnext\n", Roomy);

        Assert.That(input.Items.Select(i => i.Line), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void Sentiment140s_own_six_column_rows_are_detected_with_the_polarity_as_label()
    {
        const string rows = """
            "0","1467810369","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","_TheSpecialOne_","@switchfoot http://twitpic.com/2y1zl - Awww, that's a bummer."
            "4","1467822272","Mon Apr 06 22:22:45 PDT 2009","NO_QUERY","ersle","I LOVE @Health4UandPets u guys r the best!! "
            "2","1467822273","Mon Apr 06 22:22:46 PDT 2009","NO_QUERY","someone","on the bus"
            """;

        var input = BatchInputReader.FromCsvText(rows, Roomy);

        Assert.That(input.Notes, Does.Contain(BatchInputReader.Sentiment140Note));
        Assert.That(input.Texts[0], Does.StartWith("@switchfoot http://twitpic.com/2y1zl"));
        Assert.That(input.Columns, Is.EqualTo(new[] { "polarity", "id", "date", "query", "user", "text" }));
        Assert.That(input.Items.Select(i => i.Label), Is.EqualTo(new Sentiment?[] { Sentiment.Negative, Sentiment.Positive, Sentiment.Neutral }));
        Assert.That(input.Items[0].Fields[1], Is.EqualTo("1467810369"), "the id is kept");
        Assert.That(input.UnknownLabelLines, Is.Empty);
        Assert.That(input.NeutralLines, Is.EqualTo(new[] { 3 }));
        Assert.That(input.Notes, Has.Some.StartsWith("Line 3 is neutral (label 2)"));
    }

    [Test]
    public void Several_columns_without_an_obvious_text_column_ask_the_visitor_with_suggestions()
    {
        var input = BatchInputReader.FromCsvText("id,body,stars\n1,what a lovely morning it is,5\n2,never again with this airline,1\n", Roomy);

        Assert.That(input.Question, Is.Not.Null);
        Assert.That(input.IsValid, Is.False);
        Assert.That(input.Question!.SuggestedTextColumn, Is.EqualTo(1), "the column with the longest values");
        Assert.That(input.Question.SuggestedHeaderRow, Is.True);
        Assert.That(input.Question.Options.Select(o => o.Name), Is.EqualTo(new[] { "Column 1 “id”", "Column 2 “body”", "Column 3 “stars”" }));
    }

    [Test]
    public void The_visitors_choice_of_columns_is_applied()
    {
        var input = BatchInputReader.FromCsvText("id,body,mood\n1,lovely morning,positive\n2,never again,negative\n", Roomy, new ColumnChoice(1, HeaderRow: true, LabelColumn: 2));

        Assert.That(input.Texts, Is.EqualTo(new[] { "lovely morning", "never again" }));
        Assert.That(input.LabelColumn, Is.EqualTo("mood"));
        Assert.That(input.Items.Select(i => i.Label), Is.EqualTo(new Sentiment?[] { Sentiment.Positive, Sentiment.Negative }));
    }

    [Test]
    public void A_csv_with_more_rows_than_allowed_is_refused()
    {
        var input = BatchInputReader.FromCsvText("a\nb\nc\nd\n", Limits);

        Assert.That(input.Error, Does.StartWith("The file has more than 3 rows; the limit is 3."));
    }

    [Test]
    public void A_csv_with_only_a_header_has_nothing_to_analyse()
    {
        var input = BatchInputReader.FromCsvText("text\n", Limits);

        Assert.That(input.Error, Is.EqualTo("The file has no text to analyse in the column “text”."));
    }

    [Test]
    public void Rows_with_an_empty_text_are_left_out_and_named()
    {
        var input = BatchInputReader.FromCsvText("text,id\nhi,1\n,2\nyo,3\n", Limits);

        Assert.That(input.Texts, Is.EqualTo(new[] { "hi", "yo" }));
        Assert.That(input.Notes, Has.Some.EqualTo("Line 3 has no text in “text” and was left out."));
    }

    [Test]
    public void A_header_with_tweet_and_sentiment_uses_the_shared_synonyms_and_names_unreadable_labels()
    {
        var input = BatchInputReader.FromCsvText("Tweet,Sentiment\ngreat day,POS\nawful day,neg\nso good,4\nmeh,maybe\n", Roomy);

        Assert.That(input.LabelColumn, Is.EqualTo("Sentiment"));
        Assert.That(input.Items.Select(i => i.Label), Is.EqualTo(new Sentiment?[] { Sentiment.Positive, Sentiment.Negative, Sentiment.Positive, null }));
        Assert.That(input.UnknownLabelLines, Is.EqualTo(new[] { 5 }));
        Assert.That(input.Notes, Has.Some.EqualTo($"Line 5 has a label that is not {SentimentLabel.Accepted} (“maybe”); it is scored but left out of the evaluation."));
    }

    [Test]
    public void A_short_first_tweet_naming_a_text_word_is_still_Sentiment140s_row_not_a_header()
    {
        const string rows = "\"4\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"my text\"\n\"0\",\"2\",\"d\",\"NO_QUERY\",\"u\",\"no tweet today\"\n";

        var input = BatchInputReader.FromCsvText(rows, Roomy);

        Assert.That(input.Notes, Does.Contain(BatchInputReader.Sentiment140Note));
        Assert.That(input.Texts, Is.EqualTo(new[] { "my text", "no tweet today" }));
    }
}
