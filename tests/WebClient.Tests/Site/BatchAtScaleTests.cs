using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>Large batches: rows paged past 100 while the summary and downloads cover all, compressed answers, a long line on its own row.</summary>
public sealed partial class BatchAtScaleTests : SiteTestBase
{
    [Test]
    public async Task Rows_are_paged_past_a_hundred_while_the_summary_chart_and_downloads_cover_every_row(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        // 250 rows: every third one positive, the others negative.
        string csv = "text,label\n" + string.Concat(Enumerable.Range(0, 250).Select(i => i % 3 == 0 ? $"love number {i},1\n" : $"hate number {i},0\n"));

        string first = await UploadAsync(site, "many.csv", csv, cancellationToken);
        string id = SiteClient.HiddenValue(first, "ResultsId") ?? "";
        string third = await site.GetPageAsync($"/Batch?ResultsId={id}&p=3", cancellationToken);
        string[] download = await DownloadAsync(site, id, cancellationToken);

        Assert.That(RowLines().Matches(first), Has.Count.EqualTo(100), "page 1 lists rows 1 to 100");
        Assert.That(RowLines().Matches(third).Select(m => int.Parse(m.Groups[1].Value)), Is.EqualTo(Enumerable.Range(202, 50)), "page 3 the last 50 (line 1 is the header)");
        Assert.That(SiteClient.Text(first), Does.Contain("Sentiment of each text, rows 1–100 of 250").And.Contain("aria-label=\"Pages of results\""));
        Assert.That(first, Does.Contain("data-testid=\"positive-count\">84<").And.Contain("data-testid=\"negative-count\">166<"), "the summary counts all 250");
        Assert.That(third, Does.Contain("data-testid=\"positive-count\">84<"), "on every page");
        Assert.That(first, Does.Contain("on the 250 rows with a known label"), "the evaluation covers all rows");
        Assert.That(download, Has.Length.EqualTo(251), "the download has every row, whatever page is shown");
    }

    [Test]
    public async Task Paging_the_wrong_rows_keeps_the_filter(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        // The stand-in calls "meh" positive (P = 0.5): 150 wrong rows labelled negative.
        string csv = "text,label\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"meh {i},0\n")) + "I love it,1\n";

        string first = await UploadAsync(site, "wrong.csv", csv, cancellationToken);
        string id = SiteClient.HiddenValue(first, "ResultsId") ?? "";
        string second = await site.GetPageAsync($"/Batch?ResultsId={id}&Show=wrong&p=2", cancellationToken);

        Assert.That(RowLines().Matches(second), Has.Count.EqualTo(50));
        Assert.That(SiteClient.Text(second), Does.Contain("href=\"/Batch?ResultsId=" + id + "&Show=wrong&p=1#rows-heading\""), "the page links keep the filter");
    }

    [Test]
    public async Task An_over_long_line_is_reported_on_its_row_and_the_others_are_scored(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string tooLong = new('a', 300);

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", $"I love it\n{tooLong}\nworst day")), cancellationToken);
        string[] download = await DownloadAsync(site, SiteClient.HiddenValue(html, "ResultsId") ?? "", cancellationToken);

        Assert.That(SiteClient.Visible(html), Does.Contain("Line 2 is longer than 280 characters: listed but not scored; the other 2 are."));
        Assert.That(html, Does.Contain("<span class=\"row-note\">Not scored: 300 characters, over the limit of 280.</span>"));
        Assert.That(html, Does.Contain("data-testid=\"positive-count\">1<").And.Contain("data-testid=\"negative-count\">1<"));
        Assert.That(TfServing.LastPredictBody, Does.Not.Contain(tooLong), "the long line never reaches the model");
        Assert.That(download[2], Is.EqualTo($"2,{tooLong},,"), "its row stays in the download, without an answer");
    }

    [Test]
    public async Task A_semicolon_upload_downloads_with_semicolons(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await UploadAsync(site, "semicolons.csv", "text;label\nI love it, really;1\nworst day;0\n", cancellationToken);
        string[] download = await DownloadAsync(site, SiteClient.HiddenValue(html, "ResultsId") ?? "", cancellationToken);

        Assert.That(download, Is.EqualTo(new[] { "line;text;label;probability;model_label;correct", "2;I love it, really;1;0.880797;positive;yes", "3;worst day;0;0.119203;negative;yes" }));
    }

    [TestCase("br")]
    [TestCase("gzip")]
    public async Task Pages_and_downloads_are_compressed_for_browsers_that_accept_it(string encoding, CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", string.Join('\n', Enumerable.Range(0, 150).Select(i => $"I love tweet {i}")))), cancellationToken);
        string id = SiteClient.HiddenValue(html, "ResultsId") ?? "";
        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { BaseAddress = SiteAddress };

        using var page = await SendAsync(raw, new HttpRequestMessage(HttpMethod.Get, $"/Batch?ResultsId={id}"), encoding, cancellationToken);
        using var csv = await SendAsync(raw, await DownloadRequestAsync(site, id, cancellationToken), encoding, cancellationToken);
        byte[] compressed = await page.Content.ReadAsByteArrayAsync(cancellationToken);
        string decoded = Decode(compressed, encoding);

        Assert.That(page.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
        Assert.That(csv.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
        Assert.That(page.Headers.Vary.Select(v => v.ToLowerInvariant()), Does.Contain("accept-encoding"));
        Assert.That(decoded, Does.Contain("I love tweet 99"));
        Assert.That(compressed.Length, Is.LessThan(decoded.Length / 4), $"{compressed.Length} bytes for {decoded.Length} of HTML");
    }

    [Test]
    public async Task Without_accept_encoding_nothing_is_compressed(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { BaseAddress = SiteAddress };

        using var page = await raw.GetAsync("/Batch", cancellationToken);

        Assert.That(page.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(await page.Content.ReadAsStringAsync(cancellationToken), Does.Contain("Analyze many tweets"));
    }

    /// <summary>
    /// Why compressing pages that carry the antiforgery token is safe from BREACH: the token's bytes differ in every
    /// response (and each still validates), so there is no repeated secret to recover byte by byte.
    /// </summary>
    [Test]
    public async Task No_two_responses_carry_the_same_antiforgery_token_and_each_still_validates(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        var tokens = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            tokens.Add(await site.AntiforgeryTokenAsync("/", cancellationToken));
        }

        using var withFirst = await site.PostFormWithTokenAsync("/", Form(("Text", "I love it")), tokens[0], cancellationToken);
        Assert.That(tokens.Distinct().Count(), Is.EqualTo(tokens.Count), "a fresh encryption for every page");
        Assert.That(withFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an earlier page's token is still accepted");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string encoding, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            return await client.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The download form's POST, with the token and cookie of a page the client just fetched.</summary>
    private static async Task<HttpRequestMessage> DownloadRequestAsync(SiteClient site, string id, CancellationToken cancellationToken)
    {
        string token = await site.AntiforgeryTokenAsync("/Batch", cancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Post, "/Batch?handler=Download")
        {
            Content = new FormUrlEncodedContent(Form(("ResultsId", id), ("__RequestVerificationToken", token))),
        };
        request.Headers.Add("Cookie", site.Cookies);
        return request;
    }

    private static string Decode(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task<string> UploadAsync(SiteClient site, string name, string csv, CancellationToken cancellationToken)
    {
        using var response = await site.PostFileAsync("/Batch", "Upload", name, Encoding.UTF8.GetBytes(csv), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<string[]> DownloadAsync(SiteClient site, string id, CancellationToken cancellationToken)
    {
        using var download = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id)), cancellationToken);
        return (await download.Content.ReadAsStringAsync(cancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex("<tr role=\"row\" [^>]*data-line=\"(\\d+)\"")]
    private static partial Regex RowLines();
}
