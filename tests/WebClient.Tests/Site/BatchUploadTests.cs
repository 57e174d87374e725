using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>The Batch page on the files people really upload, over real HTTP against the fake TF Serving.</summary>
public sealed partial class BatchUploadTests : SiteTestBase
{
    /// <summary>Sentiment140's own layout: no header, every field quoted, polarity 0/2/4, the tweet last (written for this test).</summary>
    private const string Sentiment140Rows = """
        "0","1467810369","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","some_user","@friend my flight got cancelled, worst day"
        "4","1467810672","Mon Apr 06 22:19:49 PDT 2009","NO_QUERY","another","just had the best coffee, love it"
        "0","1467810917","Mon Apr 06 22:19:53 PDT 2009","NO_QUERY","third_one","so tired of this rain"
        "4","1467811184","Mon Apr 06 22:19:57 PDT 2009","NO_QUERY","fourth","- happy friday everyone"

        """;

    [Test]
    public async Task Real_sentiment140_rows_are_detected_scored_on_the_tweet_and_keep_their_ids(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await UploadAsync(site, "training.1600000.processed.noemoticon.csv", Encoding.Latin1.GetBytes(Sentiment140Rows), cancellationToken);

        Assert.That(html, Does.Contain("Sentiment140 format detected"));
        Assert.That(SiteClient.Text(html), Does.Contain("data-label=\"Text\">@friend my flight got cancelled, worst day<"));
        Assert.That(html, Does.Not.Contain("data-label=\"Text\">0<"), "the polarity is not scored as the text");
        Assert.That(html, Does.Contain("data-testid=\"accuracy\">100.0 %<"), "the polarity is the true label");

        string[] csv = await DownloadAsync(site, html, cancellationToken);
        Assert.That(csv[0], Is.EqualTo("line,polarity,id,date,query,user,text,probability,label,correct"));
        Assert.That(csv[1], Is.EqualTo("1,0,1467810369,Mon Apr 06 22:19:45 PDT 2009,NO_QUERY,some_user,\"@friend my flight got cancelled, worst day\",0.017986,negative,yes"));
        Assert.That(csv[4], Does.StartWith("4,4,1467811184,").And.Contain(",- happy friday everyone,"), "no ' before - in the plain CSV");
    }

    [Test]
    public async Task A_latin1_file_is_read_as_windows_1252_and_says_so(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await UploadAsync(site, "french.csv", Encoding.Latin1.GetBytes("text\n\"café crème, great\"\nà bientôt\n"), cancellationToken);

        Assert.That(SiteClient.Text(html), Does.Contain("data-label=\"Text\">café crème, great<"));
        Assert.That(SiteClient.Text(html), Does.Contain("The file is not UTF-8, so it was read as Windows-1252 (Latin-1)"));
        Assert.That(html, Does.Not.Contain("\uFFFD"));
    }

    [Test]
    public async Task A_gzip_file_is_refused_with_a_clear_message_and_the_form_kept(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("text\nI love it\n"));
        }

        string html = await UploadAsync(site, "tweets.csv", compressed.ToArray(), cancellationToken);

        Assert.That(InputError(html), Is.EqualTo("This file is gzip-compressed, not a CSV text file. Save or export it as CSV (UTF-8) and upload that."));
        Assert.That(html, Does.Contain("Analyze all"));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task A_png_renamed_to_csv_is_refused(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01];

        string html = await UploadAsync(site, "photo.csv", png, cancellationToken);

        Assert.That(InputError(html), Does.StartWith("This file is a PNG image, not a CSV text file."));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task An_empty_file_says_it_is_empty_and_states_the_limits(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await UploadAsync(site, "empty.csv", [], cancellationToken);

        Assert.That(InputError(html), Is.EqualTo("The file “empty.csv” is empty (0 bytes). Choose a CSV file with one tweet per row: at most 1024 KB and 1000 rows."));
        Assert.That(html, Does.Contain("Analyze all"));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task A_5_MB_upload_gets_its_message_on_the_batch_page_with_the_limit_and_the_form(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        using var response = await site.PostFileAsync("/Batch", "Upload", "huge.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("I love it\n", 500_000))), cancellationToken, expectContinue: true);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(InputError(html), Does.StartWith("That upload was 4.8 MB; files may have at most 1024 KB and 1000 rows."));
        Assert.That(html, Does.Contain("Analyze all").And.Contain("<h1>Analyze many tweets</h1>"), "the Batch page itself, with its form");
        Assert.That(html, Does.Not.Contain("That upload is too large"), "not the separate error page");
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task A_1000_row_cjk_file_is_analysed_and_downloaded(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        var texts = Enumerable.Range(0, 1000).Select(i => $"{i} " + string.Concat(Enumerable.Repeat("今天天气很好我很开心", 27))).ToList();
        byte[] file = Encoding.UTF8.GetBytes("id,text\n" + string.Concat(texts.Select((t, i) => $"{i},{t}\n")));
        Assert.That(file, Has.Length.GreaterThan(800_000), "the size the issue reported (811 KB)");

        string html = await UploadAsync(site, "cjk.csv", file, cancellationToken);
        string id = SiteClient.HiddenValue(html, "ResultsId") ?? "";
        Assert.That(html, Does.Not.Contain(texts[0][..40] + "," ), "the upload does not travel back through the page as a hidden field");
        using var download = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id)), cancellationToken);
        string body = await download.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var reader = CsvReader.FromText(body, new CsvHelper.CsvReaderOptions { HasHeader = true });
        var rows = new List<(string Line, string Id, string Text)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        Assert.That(rows, Has.Count.EqualTo(1000));
        Assert.That(rows.Select(r => r.Text), Is.EqualTo(texts));
        Assert.That(rows[999], Is.EqualTo(("1001", "999", texts[999])), "line 1001 of the file (the header is line 1), id kept");
        Assert.That(TfServing.PredictRequests, Is.EqualTo(8), "1,000 texts in requests of 128");
    }

    [Test]
    public async Task A_labelled_csv_shows_metrics_that_match_a_hand_computation(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        // Fake model: "love"/"great" → 0.88, "hate"/"awful"/"worst" → 0.12. Truth → said:
        // line 2 pos→pos, 3 pos→pos, 4 pos→neg (miss), 5 neg→neg, 6 neg→pos (miss), 7 neg→neg; 8 neutral, 9 unknown.
        const string file = "text,label\nlove it,1\ngreat day,positive\nhate it,1\nawful,0\nlove this,negative\nworst,0\nmeh,2\nsad,maybe\n";

        string html = SiteClient.Text(await UploadAsync(site, "labelled.csv", Encoding.UTF8.GetBytes(file), cancellationToken));

        // TP 2, FN 1, FP 1, TN 2: accuracy 4/6, balanced (2/3 + 2/3) / 2, precision 2/3, recall 2/3, F1 2/3.
        Assert.That(html, Does.Contain("data-testid=\"tp\">2 ✓<").And.Contain("data-testid=\"fn\">1 ✗<")
            .And.Contain("data-testid=\"fp\">1 ✗<").And.Contain("data-testid=\"tn\">2 ✓<"));
        Assert.That(html, Does.Contain("data-testid=\"accuracy\">66.7 %<").And.Contain("data-testid=\"balanced-accuracy\">66.7 %<"));
        Assert.That(html, Does.Contain("data-testid=\"precision\">0.667<").And.Contain("data-testid=\"recall\">0.667<").And.Contain("data-testid=\"f1\">0.667<"));
        // ROC: positives score .88, .88, .12 and negatives .12, .88, .12; of the 9 pairs 4 are ordered right and 4 tie (half each): 6/9.
        Assert.That(html, Does.Contain("data-testid=\"auc\">0.667<"));
        Assert.That(html, Does.Contain("<title id=\"roc-title\">ROC curve, area 0.667</title>"));
        // Reliability: σ(−2) = 0.119 for 3 rows (1 positive), σ(2) = 0.881 for 3 rows (2 positive):
        // ECE = (3·|0.119 − 1/3| + 3·|0.881 − 2/3|) / 6 = 0.214.
        Assert.That(html, Does.Contain("data-testid=\"ece\">0.214<"));
        Assert.That(html, Does.Contain("<title id=\"reliability-title\">Reliability diagram, expected calibration error 0.214</title>"));
        Assert.That(html, Does.Contain("P(positive) 0.1–0.2: 3 rows, mean 0.119, 33.3 % positive; P(positive) 0.8–0.9: 3 rows, mean 0.881, 66.7 % positive."));
        Assert.That(Regex.Count(html, "class=\"reliability-point\""), Is.EqualTo(2), "one point per filled bin");
        Assert.That(html, Does.Contain("Line 9 has a label that is not 0/1"), "unknown labels by line number");
        Assert.That(html, Does.Contain("Line 8 is neutral (label 2)"), "Sentiment140's neutral label, named as such");
        Assert.That(html, Does.Contain("on the 6 rows with a known label (1 with an unknown label and 1 neutral left out)"));

        string[] csv = await DownloadAsync(site, html, cancellationToken);
        Assert.That(csv[0], Is.EqualTo("line,text,label,probability,model_label,correct"));
        Assert.That(csv[3], Is.EqualTo("4,hate it,1,0.119203,negative,no"));
        Assert.That(csv[7], Is.EqualTo("8,meh,2,0.5,positive,"));
    }

    [Test]
    public async Task A_file_of_one_class_shows_the_metrics_it_cannot_define_as_a_dash_with_a_note(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        const string file = "text,label\nlove it,1\ngreat day,pos\n";

        string html = SiteClient.Text(await UploadAsync(site, "positives.csv", Encoding.UTF8.GetBytes(file), cancellationToken));

        Assert.That(html, Does.Contain("data-testid=\"accuracy\">100.0 %<").And.Contain("data-testid=\"recall\">1.000<"));
        Assert.That(html, Does.Contain("data-testid=\"balanced-accuracy\">—<").And.Contain("data-testid=\"auc\">—<"), "undefined, not 50 % or 0");
        Assert.That(html, Does.Contain("data-testid=\"undefined-note\"").And.Not.Contain("roc-title"));
        Assert.That(html, Does.Contain("data-testid=\"ece\">0.119<"), "calibration is defined with one class: σ(2) = 0.881 said, all positive");
    }

    [Test]
    public async Task The_wrong_rows_filter_is_a_plain_link_on_the_kept_results(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        const string file = "text,label\nlove it,1\nhate it,1\nawful,0\nlove this,0\n";
        string html = await UploadAsync(site, "labelled.csv", Encoding.UTF8.GetBytes(file), cancellationToken);
        string link = WebUtility.HtmlDecode(ShowWrongLink().Match(html).Groups[1].Value);
        Assert.That(link, Does.StartWith("/Batch?ResultsId=").And.Contain("Show=wrong"));

        string wrong = await site.GetPageAsync(link, cancellationToken);

        Assert.That(DataLines().Matches(wrong).Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "3", "5" }));
        Assert.That(wrong, Does.Contain("Rows the model got wrong").And.Contain("Show all rows"));
        Assert.That(wrong, Does.Contain("data-testid=\"accuracy\">50.0 %<"), "the evaluation is still of every row");
        string all = await site.GetPageAsync(link.Replace("&Show=wrong", "", StringComparison.Ordinal), cancellationToken);
        Assert.That(DataLines().Matches(all), Has.Count.EqualTo(4));
        Assert.That(TfServing.PredictRequests, Is.EqualTo(1), "the links show kept results; nothing is scored again");
    }

    [Test]
    public async Task Several_columns_without_a_text_header_let_the_visitor_choose_the_column(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string html = await UploadAsync(site, "reviews.csv", Encoding.UTF8.GetBytes("id,body,stars\n1,what a great flight,5\n2,the worst service,1\n"), cancellationToken);
        Assert.That(html, Does.Contain("Which column holds the tweets?"));
        Assert.That(TfServing.PredictRequests, Is.Zero, "nothing is scored before the choice");
        Assert.That(SiteClient.Text(html), Does.Contain("<option value=\"1\" selected=\"selected\">Column 2 “body”: what a great flight</option>"));
        string pending = SiteClient.HiddenValue(html, "PendingId") ?? "";

        string chosen = await site.PostFormForPageAsync("/Batch?handler=Columns",
            Form(("PendingId", pending), ("TextColumn", "1"), ("LabelColumn", "-1"), ("HeaderRow", "true")), cancellationToken);

        Assert.That(chosen, Does.Contain("data-label=\"Text\">what a great flight<").And.Contain("data-label=\"Text\">the worst service<"));
        string[] csv = await DownloadAsync(site, chosen, cancellationToken);
        Assert.That(csv[0], Is.EqualTo("line,id,body,stars,probability,label"));
        Assert.That(csv[2], Is.EqualTo("3,2,the worst service,1,0.119203,negative"));
    }

    [Test]
    public async Task Each_row_says_when_the_model_knew_none_of_its_words_or_cut_it(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string tooLong = string.Join(' ', Enumerable.Repeat("so", 60));
        string exact = string.Join(' ', Enumerable.Repeat("so", FakeTfServing.SequenceLength));

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", $"zxq blorf\ni love it\n{tooLong}\n{exact}\nlove zxq blorf wibble")), cancellationToken);

        Assert.That(RowNotes(html, 1), Is.EqualTo(new[] { "The model knew none of these words: this is its overall leaning, not a reading of the tweet." }));
        Assert.That(RowNotes(html, 2), Is.Empty);
        Assert.That(RowNotes(html, 3), Is.EqualTo(new[] { "Cut: the model read the first 50 of its 60 tokens." }));
        Assert.That(RowNotes(html, 4), Is.Empty, "exactly the sequence length is not cut");
        Assert.That(RowNotes(html, 5), Is.EqualTo(new[] { "The model knew only 1 of the 4 tokens it read." }));
        Assert.That(html, Does.Contain("two classes only"), "no neutral class, said once for the batch");
        Assert.That(html, Does.Contain("data-testid=\"summary-cut\">1 text was longer"));
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(1), "one request: each text's token count comes with its ids");
    }

    [Test]
    public async Task Tokenize_calls_are_batched_like_predict_calls(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:PredictBatchSize"] = "2" });

        await site.PostFormForPageAsync("/Batch", Form(("Lines", "a\nb\nc\nd\ne")), cancellationToken);

        Assert.That(TfServing.PredictRequests, Is.EqualTo(3));
        Assert.That(TfServing.TokenizeRequests, Is.EqualTo(3));
    }

    [Test]
    public async Task Without_a_tokenize_signature_the_batch_still_gets_its_answers(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.HasTokenizeSignature = false;

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", "zxq blorf\ni hate it")), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"negative-count\">1<"));
        Assert.That(html, Does.Not.Contain("class=\"row-note\""));
    }

    private static async Task<string> UploadAsync(SiteClient site, string name, byte[] file, CancellationToken cancellationToken)
    {
        using var response = await site.PostFileAsync("/Batch", "Upload", name, file, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<string[]> DownloadAsync(SiteClient site, string html, CancellationToken cancellationToken)
    {
        string? id = SiteClient.HiddenValue(html, "ResultsId");
        Assert.That(id, Is.Not.Null, "the page offers a download");
        using var download = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id!)), cancellationToken);
        return (await download.Content.ReadAsStringAsync(cancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static string InputError(string html) =>
        SiteClient.Text(Regex.Match(html, "data-testid=\"input-error\">([^<]*)<").Groups[1].Value);

    private static List<string> RowNotes(string html, int line)
    {
        string row = Regex.Match(html, $"<tr [^>]*data-line=\"{line}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(row, "<span class=\"row-note\">([^<]*)</span>").Select(m => SiteClient.Text(m.Groups[1].Value))];
    }

    [GeneratedRegex("<a data-testid=\"show-wrong\" href=\"([^\"]*)\">")]
    private static partial Regex ShowWrongLink();

    [GeneratedRegex("<tr [^>]*data-line=\"(\\d+)\"")]
    private static partial Regex DataLines();
}
