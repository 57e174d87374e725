using System.Text;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Hosting;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class BatchInputReaderTests
{
    private static readonly SiteOptions Limits = new() { MaxTextLength = 10, MaxBatchLines = 3, MaxUploadRows = 3 };

    [Test]
    public void Pasted_lines_are_trimmed_and_blank_ones_skipped()
    {
        var input = BatchInputReader.FromLines(" one \r\n\r\ntwo\n   \nthree", Limits);

        Assert.That(input.Error, Is.Null);
        Assert.That(input.Texts, Is.EqualTo(new[] { "one", "two", "three" }));
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
    public void Overlong_lines_are_named_by_number_with_their_length()
    {
        var input = BatchInputReader.FromLines("short\nthis is far too long\nok", Limits);

        Assert.That(input.Error, Is.EqualTo("Each text may have at most 10 characters: line 2 has 20."));
    }

    [Test]
    public void A_csv_without_a_text_header_uses_the_first_column_of_every_row()
    {
        var input = Read("hello,1\n\"a, b\",0\n");

        Assert.That(input.Texts, Is.EqualTo(new[] { "hello", "a, b" }));
    }

    [Test]
    public void A_csv_with_a_text_header_uses_that_column_and_skips_the_header()
    {
        var input = Read("label,Text\n0,sad\n1,\"ok \"\"yes\"\"\"\n");

        Assert.That(input.Texts, Is.EqualTo(new[] { "sad", "ok \"yes\"" }));
    }

    [Test]
    public void A_csv_with_more_rows_than_allowed_is_refused()
    {
        var input = Read("a\nb\nc\nd\n");

        Assert.That(input.Error, Is.EqualTo("The file has more than 3 rows; the limit is 3."));
    }

    [Test]
    public void A_csv_with_only_a_header_has_nothing_to_analyse()
    {
        var input = Read("text\n");

        Assert.That(input.Error, Is.EqualTo("The file has no text to analyse."));
    }

    private static BatchInput Read(string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return BatchInputReader.FromCsv(stream, Limits);
    }
}
