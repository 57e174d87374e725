using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TwitterSentiment.WebClient.Tests.Fakes;
using TwitterSentiment.WebClient.Tests.Site;

namespace TwitterSentiment.WebClient.Tests.Benchmarks;

/// <summary>
/// What a 1,000-row batch weighs: the results page (one page of rows) and the CSV download, as sent without compression,
/// with gzip and with Brotli, and how long the site takes to send each. Prints numbers; asserts nothing. Run with:
/// dotnet test tests/WebClient.Tests -c Release --filter "FullyQualifiedName~BatchPageWeightBenchmark"
/// </summary>
[Explicit("Benchmark: prints numbers, run on demand")]
[Category("Benchmark")]
[CancelAfter(600_000)]
public sealed class BatchPageWeightBenchmark : SiteTestBase
{
    private const int Rows = 1_000;
    private const int Samples = 50;

    [Test]
    public async Task Page_and_download_weight_of_a_thousand_rows(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        // Tweet-like rows of about 100 characters, a label each, a few unknown words so rows carry notes.
        string csv = "text,label\n" + string.Concat(Enumerable.Range(0, Rows).Select(i =>
            $"\"@user{i % 97} {(i % 2 == 0 ? "love" : "hate")} the new phone, battery lasts {i % 24} hours zxq{i % 5} https://t.co/{i:x6}\",{i % 2}\n"));
        using var upload = await site.PostFileAsync("/Batch", "Upload", "thousand.csv", Encoding.UTF8.GetBytes(csv), cancellationToken);
        string id = SiteClient.HiddenValue(await upload.Content.ReadAsStringAsync(cancellationToken), "ResultsId") ?? throw new InvalidOperationException("no results");
        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { BaseAddress = SiteAddress };

        var output = TestContext.Out;
        await output.WriteLineAsync($"{Rows} rows, {csv.Length / 1024.0:0} KB of CSV uploaded; median of {Samples} requests each:");
        foreach (string? encoding in new[] { null, "gzip", "br" })
        {
            var (bytes, ms) = await MeasureAsync(raw, () => new HttpRequestMessage(HttpMethod.Get, $"/Batch?ResultsId={id}"), encoding, cancellationToken);
            await output.WriteLineAsync($"  results page (rows 1–100 of {Rows}), {encoding ?? "identity",-8}: {bytes / 1024.0,7:0.0} KB in {ms,6:0.00} ms");
        }

        foreach (string? encoding in new[] { null, "gzip", "br" })
        {
            string token = await site.AntiforgeryTokenAsync("/Batch", cancellationToken);
            var (bytes, ms) = await MeasureAsync(raw, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/Batch?handler=Download")
                {
                    Content = new FormUrlEncodedContent(Form(("ResultsId", id), ("__RequestVerificationToken", token))),
                };
                request.Headers.Add("Cookie", site.Cookies);
                return request;
            }, encoding, cancellationToken);
            await output.WriteLineAsync($"  CSV download (all {Rows} rows),   {encoding ?? "identity",-8}: {bytes / 1024.0,7:0.0} KB in {ms,6:0.00} ms");
        }
    }

    private static async Task<(long Bytes, double Milliseconds)> MeasureAsync(HttpClient client, Func<HttpRequestMessage> request, string? encoding, CancellationToken cancellationToken)
    {
        long bytes = 0;
        double[] times = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            using var message = request();
            if (encoding is not null)
            {
                message.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            long started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(message, cancellationToken);
            bytes = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(times);
        return (bytes, times[Samples / 2]);
    }
}
