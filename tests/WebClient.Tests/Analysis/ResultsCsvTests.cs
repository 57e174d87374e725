using CsvHelper;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class ResultsCsvTests
{
    [Test]
    public void Texts_with_commas_quotes_and_newlines_survive_a_round_trip()
    {
        var rows = new[] { new BatchRow(1, "a, \"quoted\"\nline", 0.25, "negative") };

        string csv = ResultsCsv.Write(rows);
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { HasHeader = true });

        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("1"));
        Assert.That(reader.GetString(1), Is.EqualTo("a, \"quoted\"\nline"));
        Assert.That(reader.GetString(2), Is.EqualTo("0.25"));
        Assert.That(reader.GetString(3), Is.EqualTo("negative"));
    }

    [Test]
    public void A_text_that_a_spreadsheet_would_run_as_a_formula_is_escaped()
    {
        string csv = ResultsCsv.Write([new BatchRow(1, "=HYPERLINK(\"x\")", 0.5, "positive")], spreadsheetSafe: true);

        Assert.That(csv, Does.Contain("'=HYPERLINK"));
    }

    [Test]
    public void The_plain_csv_keeps_replies_and_signs_as_written()
    {
        string csv = ResultsCsv.Write([new BatchRow(1, "@user hi", 0.5, "positive"), new BatchRow(2, "+1 agreed", 0.5, "positive")]);

        Assert.That(csv, Does.Contain("\r\n1,@user hi,").And.Contain("\r\n2,+1 agreed,"));
        Assert.That(csv, Does.Not.Contain("'"));
    }

    [Test]
    public void NaN_probabilities_are_written_as_NaN()
    {
        string csv = ResultsCsv.Write([new BatchRow(1, "x", double.NaN, "negative")]);

        Assert.That(csv, Does.EndWith("1,x,NaN,negative\r\n"));
    }
}
