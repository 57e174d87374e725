using System.Security.Cryptography;
using System.Text;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

public sealed class TweetDataReaderTests
{
    private static readonly DataReadOptions Lenient = new();
    private static readonly DataReadOptions Strict = new() { Strict = true };

    private static LoadedData ReadUtf8(string csv, DataReadOptions? options = null) =>
        ReadBytes(Encoding.UTF8.GetBytes(csv), options);

    private static LoadedData ReadBytes(byte[] bytes, DataReadOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return TweetDataReader.Read(stream, "test.csv", options ?? Lenient, CancellationToken.None);
    }

    private static string Sentiment140Row(int polarity, string text) =>
        $"\"{polarity}\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"someone\",\"{text}\"\n";

    [Test]
    public void A_text_label_csv_is_detected_and_its_labels_read()
    {
        var data = ReadUtf8("text,label\nI love it,1\nI hate it,0\n");

        Assert.That(data.Format, Is.EqualTo(DataFormat.TextLabelCsv));
        Assert.That(data.Tweets, Is.EqualTo(new[] { new LabeledTweet("I love it", 1), new LabeledTweet("I hate it", 0) }));
        Assert.That(data.RowsRead, Is.EqualTo(2));
        Assert.That(data.Malformed, Is.Empty);
    }

    [Test]
    public void A_row_that_is_not_utf8_is_reported_on_its_line_not_replaced_silently()
    {
        byte[] csv = [.. "text,label\ngood day,1\ncaf"u8, 0xE9, .. " au lait,1\nbad day,0\n"u8]; // "café" saved as Latin-1

        var data = ReadBytes(csv);

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "good day", "bad day" }));
        Assert.That(data.Malformed, Is.EqualTo(new[] { new MalformedRow(3, "the text is not UTF-8 (save the file as UTF-8)") }));
        var strict = Assert.Throws<DataException>(() => ReadBytes(csv, Strict));
        Assert.That(strict!.Message, Does.Contain("line 3: the text is not UTF-8"));
    }

    [Test]
    public void Word_labels_are_read_case_insensitively_and_extra_columns_are_ignored()
    {
        var data = ReadUtf8("id,Label,TEXT,source\n7,Positive,great day,web\n8,NEGATIVE,awful day,phone\n9, negative ,meh,web\n");

        Assert.That(data.Tweets.Select(t => (t.Text, t.Label)),
            Is.EqualTo(new[] { ("great day", 1), ("awful day", 0), ("meh", 0) }));
    }

    [Test]
    public void Quoted_fields_keep_embedded_commas_quotes_and_newlines_and_later_line_numbers_stay_right()
    {
        string csv = "text,label\n" +
                     "\"one, two\",1\n" +
                     "\"she said \"\"wow\"\"\",1\n" +
                     "\"first line\nsecond line\",0\n" +
                     "ok,7\n";

        var data = ReadUtf8(csv);

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "one, two", "she said \"wow\"", "first line\nsecond line" }));
        Assert.That(data.Malformed, Is.EqualTo(new[] { new MalformedRow(6, $"label '7' is not {SentimentLabel.Accepted}") }));
    }

    [Test]
    public void Malformed_rows_are_skipped_and_listed_with_the_line_where_they_start()
    {
        string csv = "text,label\n" +      // 1
                     "fine,1\n" +          // 2
                     "no label\n" +        // 3: wrong column count
                     "bad label,5\n" +     // 4
                     "   ,0\n" +           // 5: whitespace-only text
                     ",1\n" +              // 6: empty text
                     "\"x\"y,1\n" +        // 7: text after closing quote
                     "too,many,1\n" +      // 8
                     "also fine,0\n";      // 9

        var data = ReadUtf8(csv);

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "fine", "also fine" }));
        Assert.That(data.Malformed.Select(m => m.LineNumber), Is.EqualTo(new long[] { 3, 4, 5, 6, 7, 8 }));
        Assert.That(data.Malformed[0].Reason, Does.Contain("expected 2 columns, found 1"));
        Assert.That(data.Malformed[2].Reason, Does.Contain("empty"));
        Assert.That(data.Malformed[4].Reason, Does.Contain("quot"));
        Assert.That(data.RowsRead, Is.EqualTo(8));
    }

    [Test]
    public void An_unclosed_quote_is_reported_as_broken_quoting()
    {
        var data = ReadUtf8("text,label\ngood,1\n\"never closed,0\nlost,1\n");

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "good" }));
        Assert.That(data.Malformed, Has.Count.EqualTo(1));
        Assert.That(data.Malformed[0].LineNumber, Is.EqualTo(3));
        Assert.That(data.Malformed[0].Reason, Does.Contain("never closed"));
    }

    [Test]
    public void Strict_mode_fails_on_the_first_malformed_row_naming_its_line()
    {
        string csv = "text,label\nfine,1\nfine too,0\nbad,x\nworse\n";

        var error = Assert.Throws<DataException>(() => ReadUtf8(csv, Strict));

        Assert.That(error?.Message, Does.Contain("line 4"));
        Assert.That(error?.Message, Does.Contain("'x'"));
    }

    [Test]
    public void Strict_mode_names_the_line_of_broken_quoting_too()
    {
        string csv = "text,label\n\"multi\nline\",1\n\"closed\"then text,0\nfine,1\n";

        var error = Assert.Throws<DataException>(() => ReadUtf8(csv, Strict));

        Assert.That(error?.Message, Does.Contain("line 4").And.Contain("quot"));
    }

    [Test]
    public void Doubled_quotes_inside_a_Sentiment140_text_are_one_quote()
    {
        var data = ReadBytes(Encoding.Latin1.GetBytes(Sentiment140Row(4, "she said \"\"yes\"\", finally")));

        Assert.That(data.Tweets.Single().Text, Is.EqualTo("she said \"yes\", finally"));
    }

    [Test]
    public void Strict_mode_accepts_a_clean_file()
    {
        var data = ReadUtf8("text,label\na,1\nb,0\n", Strict);

        Assert.That(data.Tweets, Has.Count.EqualTo(2));
    }

    [Test]
    public void Sentiment140_is_detected_read_as_latin1_and_its_neutral_rows_counted()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes(
            Sentiment140Row(0, "caf\u00e9 closed, no cr\u00e8me br\u00fbl\u00e9e") +
            Sentiment140Row(2, "just a fact") +
            Sentiment140Row(4, "so happy &quot;today&quot;") +
            Sentiment140Row(2, "another fact"));

        var data = ReadBytes(latin1);

        Assert.That(data.Format, Is.EqualTo(DataFormat.Sentiment140));
        Assert.That(data.Tweets, Is.EqualTo(new[]
        {
            new LabeledTweet("caf\u00e9 closed, no cr\u00e8me br\u00fbl\u00e9e", 0),
            new LabeledTweet("so happy &quot;today&quot;", 1),
        }));
        Assert.That(data.NeutralSkipped, Is.EqualTo(2));
        Assert.That(data.RowsRead, Is.EqualTo(4));
    }

    [Test]
    public void A_stray_quote_in_Sentiment140_costs_only_its_own_line()
    {
        string csv = Sentiment140Row(0, "fine") +
                     "\"4\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"broken \"quote\" here\"\n" +
                     Sentiment140Row(4, "still read") +
                     "\"3\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"odd polarity\"\n" +
                     "\"4\",\"1\",\"d\",\"u\",\"five columns\"\n";

        var data = ReadBytes(Encoding.Latin1.GetBytes(csv));

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "fine", "still read" }));
        Assert.That(data.Malformed.Select(m => m.LineNumber), Is.EqualTo(new long[] { 2, 4, 5 }));
        Assert.That(data.Malformed[1].Reason, Does.Contain("'3'"));
        Assert.That(data.Malformed[2].Reason, Does.Contain("expected 6 columns, found 5"));
    }

    [Test]
    public void A_utf8_byte_order_mark_does_not_hide_the_header()
    {
        byte[] bytes = [.. "\uFEFF"u8, .. "text,label\nna\u00efve caf\u00e9 \U0001F600,1\n"u8];

        var data = ReadBytes(bytes);

        Assert.That(data.Format, Is.EqualTo(DataFormat.TextLabelCsv));
        Assert.That(data.Tweets.Single().Text, Is.EqualTo("na\u00efve caf\u00e9 \U0001F600"));
    }

    [Test]
    public void Blank_lines_before_the_header_and_between_rows_are_ignored()
    {
        var data = ReadUtf8("\n\r\ntext,label\nfirst,1\n\nsecond,0\n");

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(data.Malformed, Is.Empty);
    }

    [Test]
    public void Windows_line_endings_are_handled()
    {
        var data = ReadUtf8("text,label\r\nfirst,1\r\nsecond,0\r\n");

        Assert.That(data.Tweets.Select(t => t.Text), Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public void The_hash_is_the_sha256_of_the_whole_input_and_progress_reaches_its_length()
    {
        var builder = new StringBuilder("text,label\n");
        for (int i = 0; i < 40_000; i++) builder.Append("tweet number ").Append(i).Append(',').Append(i % 2).Append('\n');
        byte[] bytes = Encoding.UTF8.GetBytes(builder.ToString());
        var reported = new List<long>();
        var options = new DataReadOptions { BytesRead = new SynchronousProgress(reported.Add) };

        var data = ReadBytes(bytes, options);

        Assert.That(data.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
        Assert.That(data.Tweets, Has.Count.EqualTo(40_000));
        Assert.That(reported, Is.Ordered.And.Not.Empty);
        Assert.That(reported[^1], Is.EqualTo(bytes.Length));
    }

    [Test]
    public void An_unknown_layout_is_rejected_with_what_is_expected()
    {
        var error = Assert.Throws<DataException>(() => ReadUtf8("words,score\nhi,1\n"));

        Assert.That(error?.Message, Does.Contain(CsvLayout.Expected).And.Contain("words,score"));
    }

    [Test]
    public void A_header_with_the_sites_synonyms_is_read_with_every_label_spelling_and_neutral_rows_counted()
    {
        var data = ReadUtf8("id,Tweet,Sentiment\n1,great day,POS\n2,awful day,neg\n3,so good,4\n4,meh,2\n5,bad,Negative\n6,fine, 1 \n");

        Assert.That(data.Format, Is.EqualTo(DataFormat.TextLabelCsv));
        Assert.That(data.Tweets.Select(t => (t.Text, t.Label)),
            Is.EqualTo(new[] { ("great day", 1), ("awful day", 0), ("so good", 1), ("bad", 0), ("fine", 1) }));
        Assert.That((data.NeutralSkipped, data.Malformed.Count), Is.EqualTo((1, 0)));
    }

    [Test]
    public void A_header_without_a_label_column_is_refused_naming_the_label_headers()
    {
        var error = Assert.Throws<DataException>(() => ReadUtf8("text,author\nhi,me\n"));

        Assert.That(error?.Message, Does.Contain("names no label column").And.Contain("sentiment"));
    }

    [Test]
    public void A_file_without_usable_rows_is_an_error_naming_the_first_problem()
    {
        var error = Assert.Throws<DataException>(() => ReadUtf8("text,label\nhello,maybe\n"));

        Assert.That(error?.Message, Does.Contain("no usable rows").And.Contain("line 2"));
    }

    [Test]
    public void A_header_only_file_is_an_error()
    {
        Assert.Throws<DataException>(() => ReadUtf8("text,label\n"));
    }

    [Test]
    public void A_Sentiment140_file_of_only_neutral_rows_has_no_usable_rows()
    {
        var error = Assert.Throws<DataException>(() => ReadBytes(Encoding.Latin1.GetBytes(Sentiment140Row(2, "meh"))));

        Assert.That(error?.Message, Does.Contain("1 neutral"));
    }

    [Test]
    public void A_utf16_file_is_rejected_with_advice()
    {
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("text,label\nhi,1\n")];

        var error = Assert.Throws<DataException>(() => ReadBytes(bytes));

        Assert.That(error?.Message, Does.Contain("UTF-8"));
    }

    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 })]
    [TestCase(new byte[] { 0x1F, 0x8B, 0x08, 0x00 })]
    public void A_zip_or_gzip_file_is_rejected_with_advice_to_unpack_it(byte[] bytes)
    {
        var error = Assert.Throws<DataException>(() => ReadBytes(bytes));

        Assert.That(error?.Message, Does.Contain("Unpack it first"));
    }

    [Test]
    public void Cancellation_stops_the_read()
    {
        var builder = new StringBuilder("text,label\n");
        for (int i = 0; i < 10_000; i++) builder.Append("row,1\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(builder.ToString()));

        Assert.Throws<OperationCanceledException>(() => TweetDataReader.Read(stream, "big.csv", Lenient, new CancellationToken(canceled: true)));
    }

    [TestFixture]
    public sealed class Files
    {
        private string _directory = "";

        [SetUp]
        public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("reader-").FullName;

        [TearDown]
        public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

        [Test]
        public void A_missing_file_is_an_error_that_names_it_and_the_download_command()
        {
            string path = Path.Combine(_directory, "nope.csv");

            var error = Assert.Throws<DataException>(() => TweetDataReader.Read(path, Lenient, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain(path).And.Contain("download"));
        }

        [Test]
        public void An_empty_file_is_an_error()
        {
            string path = Path.Combine(_directory, "empty.csv");
            File.WriteAllBytes(path, []);

            var error = Assert.Throws<DataException>(() => TweetDataReader.Read(path, Lenient, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain("empty"));
        }

        [Test]
        public void A_whitespace_only_file_is_an_error()
        {
            string path = Path.Combine(_directory, "blank.csv");
            File.WriteAllText(path, "\n \r\n\t\n");

            var error = Assert.Throws<DataException>(() => TweetDataReader.Read(path, Lenient, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain("empty"));
        }

        [Test]
        public void A_folder_is_not_a_data_file()
        {
            var error = Assert.Throws<DataException>(() => TweetDataReader.Read(_directory, Lenient, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain("folder"));
        }

        [Test]
        public void A_file_is_read_and_named_as_its_source()
        {
            string path = Path.Combine(_directory, "tweets.csv");
            File.WriteAllText(path, "text,label\nyay,1\n");

            var data = TweetDataReader.Read(path, Lenient, CancellationToken.None);

            Assert.That(data.Source, Is.EqualTo(path));
            Assert.That(data.Tweets.Single(), Is.EqualTo(new LabeledTweet("yay", 1)));
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test needs the reports in order and complete.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
