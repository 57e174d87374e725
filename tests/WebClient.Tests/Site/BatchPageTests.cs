using System.Text;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class BatchPageTests : SiteTestBase
{
    [Test]
    public async Task The_batch_page_states_its_limits(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.GetPageAsync("/Batch", cancellationToken);

        Assert.That(html, Does.Contain("Up to 200 lines of at most 280 characters each."));
        Assert.That(html, Does.Contain("At most 1024 KB and 1000 rows, UTF-8 text"));
    }

    [Test]
    public async Task Pasted_lines_give_a_table_a_summary_a_chart_and_a_csv_download(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", "I love it\r\nI hate it\r\n\r\n  meh  \r\n")), cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"positive-count\">2<"));
        Assert.That(html, Does.Contain("data-testid=\"negative-count\">1<"));
        Assert.That(html, Does.Contain("<td role=\"cell\" class=\"cell-text\" data-label=\"Text\">meh<"));
        Assert.That(html, Does.Contain("role=\"img\""));
        Assert.That(html, Does.Contain("<title id=\"chart-title\">Distribution of P(positive)</title>"));
        Assert.That(TfServing.PredictRequests, Is.EqualTo(1), "one request for the whole batch");

        string? id = SiteClient.HiddenValue(html, "ResultsId");
        Assert.That(id, Does.Match("^[0-9a-f]{32}$"), "an unguessable id, not the data itself");
        Assert.That(html, Does.Not.Contain("I love it,0.88"), "the results no longer travel through the page");
        using var download = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id ?? "")), cancellationToken);
        string body = await download.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(download.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("sentiment-results.csv"));
        Assert.That(body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "line,text,probability,label",
            "1,I love it,0.880797,positive",
            "2,I hate it,0.119203,negative",
            "4,meh,0.5,positive",
        }));
    }

    [Test]
    public async Task The_spreadsheet_download_escapes_formulas_and_starts_with_a_bom_while_the_plain_one_keeps_the_text(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", "@airline thanks\n-5 degrees today")), cancellationToken);
        string id = SiteClient.HiddenValue(html, "ResultsId") ?? "";

        using var plain = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id)), cancellationToken);
        using var safe = await site.PostFormAsync("/Batch?handler=Download", Form(("ResultsId", id), ("Format", "spreadsheet")), cancellationToken);
        byte[] plainBytes = await plain.Content.ReadAsByteArrayAsync(cancellationToken);
        byte[] safeBytes = await safe.Content.ReadAsByteArrayAsync(cancellationToken);

        Assert.That(Encoding.UTF8.GetString(plainBytes), Does.Contain("\r\n1,@airline thanks,").And.Contain("\r\n2,-5 degrees today,"));
        Assert.That(plainBytes.Take(3), Is.Not.EqualTo(Encoding.UTF8.GetPreamble()));
        Assert.That(safeBytes.Take(3), Is.EqualTo(Encoding.UTF8.GetPreamble()));
        Assert.That(Encoding.UTF8.GetString(safeBytes), Does.Contain("'@airline thanks").And.Contain("'-5 degrees today"));
        Assert.That(safe.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("sentiment-results-for-spreadsheets.csv"));
    }

    [Test]
    public async Task An_unknown_or_expired_results_id_explains_itself_on_the_batch_page(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.PostFormForPageAsync("/Batch?handler=Download", Form(("ResultsId", new string('0', 32))), cancellationToken);

        Assert.That(html, Does.Contain("Those results are no longer kept (results are kept for 30 minutes)."));
        Assert.That(html, Does.Contain("Analyze all"), "the form is still there");
    }

    [Test]
    public async Task An_uploaded_csv_with_a_text_header_uses_that_column(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        byte[] file = Encoding.UTF8.GetBytes("label,text\n0,I hate mondays\n1,\"I love it, really\"\n");

        using var response = await site.PostFileAsync("/Batch", "Upload", "tweets.csv", file, cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(html, Does.Contain("data-label=\"Text\">I hate mondays<"));
        Assert.That(html, Does.Contain("data-label=\"Text\">I love it, really<"));
        Assert.That(html, Does.Contain("data-testid=\"positive-count\">1<"));
    }

    [Test]
    public async Task Too_many_pasted_lines_are_refused_with_the_limit(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Site:MaxBatchLines"] = "3" });

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", "a\nb\nc\nd")), cancellationToken);

        Assert.That(html, Does.Contain("You pasted 4 lines; the limit is 3."));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task An_upload_over_the_size_limit_is_refused_with_the_limit(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Site:MaxUploadBytes"] = "1024", ["Site:MaxRequestBytes"] = "65536" });

        using var response = await site.PostFileAsync("/Batch", "Upload", "big.csv", Encoding.UTF8.GetBytes(new string('a', 3000)), cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(html, Does.Contain("The file has 3 KB; the limit is 1 KB (and 1000 rows)."));
        Assert.That(html, Does.Contain("Analyze all"), "the form is still there");
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task A_request_over_the_body_limit_gets_the_friendly_too_large_page(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Site:MaxUploadBytes"] = "1024", ["Site:MaxRequestBytes"] = "4096" });

        // Not the Batch page (which answers on itself, see BatchUploadTests): the Analyze page's form has no upload.
        using var response = await site.PostFileAsync("/", "Upload", "huge.csv", Encoding.UTF8.GetBytes(new string('a', 100_000)), cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(html, Does.Contain("That upload is too large"));
        Assert.That(html, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_model_failure_during_a_batch_is_explained(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "1" });
        TfServing.PersistentPredictFault = Fault.InternalError;

        string html = await site.PostFormForPageAsync("/Batch", Form(("Lines", "a\nb")), cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"failing\""));
        Assert.That(SiteClient.Text(html), Does.Contain("TensorFlow Serving answered with an error, even after retrying: Internal: kernel failed."));
        Assert.That(html, Does.Not.Contain("data-testid=\"results\""));
    }
}
