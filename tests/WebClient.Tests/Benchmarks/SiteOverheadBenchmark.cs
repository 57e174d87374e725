using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using TwitterSentiment.WebClient.Tests.Fakes;
using TwitterSentiment.WebClient.Tests.Site;

namespace TwitterSentiment.WebClient.Tests.Benchmarks;

/// <summary>
/// Measures what the site adds on top of a direct TF Serving call, and its throughput under `hey`.
/// Prints numbers; asserts nothing about speed. Run with:
/// dotnet test tests/WebClient.Tests -c Release --filter "TestCategory=Benchmark"
/// </summary>
[Explicit("Benchmark: prints numbers, run on demand")]
[Category("Benchmark")]
[CancelAfter(600_000)]
public sealed class SiteOverheadBenchmark : SiteTestBase
{
    private const int Warmup = 200;
    private const int Samples = 2_000;
    private const string Tweet = "I love this new phone, best purchase all year!";

    [Test]
    public async Task Site_latency_over_a_direct_TF_Serving_call_and_throughput(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["TfServing:StatusCacheDuration"] = "00:00:05",
        });
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies });
        var predictUri = new Uri(TfServing.BaseAddress, "v1/models/sentiment:predict");
        string predictBody = "{\"instances\": [\"" + Tweet + "\"]}";

        string home = await http.GetStringAsync(SiteAddress, cancellationToken);
        string token = SiteClient.HiddenValue(home, "__RequestVerificationToken") ?? throw new InvalidOperationException("no token");
        string cookie = cookies.GetCookieHeader(SiteAddress);
        string form = $"Text={Uri.EscapeDataString(Tweet)}&__RequestVerificationToken={Uri.EscapeDataString(token)}";

        async Task DirectAsync()
        {
            using var content = new StringContent(predictBody, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(predictUri, content, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        async Task ViaSiteAsync()
        {
            using var content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await http.PostAsync(SiteAddress, content, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        double[] direct = await MeasureAsync(DirectAsync);
        double[] viaSite = await MeasureAsync(ViaSiteAsync);
        var output = TestContext.Out;
        await output.WriteLineAsync($"Sequential, {Samples} requests after {Warmup} warm-up, one tweet each:");
        await output.WriteLineAsync($"  direct TF Serving predict: p50 {Percentile(direct, 50):0.000} ms, p99 {Percentile(direct, 99):0.000} ms");
        await output.WriteLineAsync($"  site POST / (full page):   p50 {Percentile(viaSite, 50):0.000} ms, p99 {Percentile(viaSite, 99):0.000} ms");
        await output.WriteLineAsync($"  added by the site:         p50 {Percentile(viaSite, 50) - Percentile(direct, 50):0.000} ms, p99 {Percentile(viaSite, 99) - Percentile(direct, 99):0.000} ms");

        if (!File.Exists("/usr/bin/hey"))
        {
            await output.WriteLineAsync("hey is not installed (apt-get install -y hey): throughput not measured.");
            return;
        }

        await output.WriteLineAsync(await HeyAsync($"-n 20000 -c 16 -m POST -T application/json -d {Quote(predictBody)} {predictUri}", cancellationToken));
        await output.WriteLineAsync(await HeyAsync(
            $"-n 20000 -c 16 -m POST -T application/x-www-form-urlencoded -H {Quote("Cookie: " + cookie)} -d {Quote(form)} {SiteAddress}",
            cancellationToken));
        await output.WriteLineAsync($"The fake TF Serving answered {TfServing.PredictRequests} predict requests in all.");
    }

    private static async Task<double[]> MeasureAsync(Func<Task> call)
    {
        for (int i = 0; i < Warmup; i++)
        {
            await call();
        }

        double[] samples = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            long started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<string> HeyAsync(string arguments, CancellationToken cancellationToken)
    {
        string output = (await ProcessRunner.RunAsync("/bin/sh", ["-c", "hey " + arguments], timeout: TimeSpan.FromMinutes(10), cancellationToken: cancellationToken)).StandardOutput;
        string[] wanted = ["Requests/sec", "Average", "50% in", "99% in", "responses"];
        var summary = output.Split('\n').Where(line => wanted.Any(w => line.Contains(w, StringComparison.Ordinal)));
        return string.Create(CultureInfo.InvariantCulture, $"hey {arguments.Split(' ')[^1]}:\n{string.Join('\n', summary)}");
    }
}
