using System.Diagnostics;
using System.Net;
using System.Text;
using TwitterSentiment.Contracts;
using TwitterSentiment.Serving.Tests.Infrastructure;

namespace TwitterSentiment.Serving.Tests.LocalServer;

/// <summary>
/// The local server keeps serving whatever one client sends (issue 22): requests over its limits are refused up front,
/// the largest request it accepts runs in bounded slices beside other requests with memory under the ceiling that
/// docs/serving.md states, and a request past its deadline stops costing anything. All against the real server
/// process running a real export.
/// </summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class LocalServerLimitsTests : IDisposable
{
    /// <summary>docs/serving.md, "Limits": the resident memory the server stays under for any request it accepts.</summary>
    private const double MemoryCeilingMiB = 1024;

    private const int MaxInstances = 1024;
    private const int MaxStringBytes = 4096;
    private const string Predict = $"/v1/models/{ServingContract.ModelName}:predict";
    private const string OneTweet = """{"instances": ["I love this!"]}""";

    private TempDirectory _models = null!;
    private LocalServerProcess _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _models = new TempDirectory("limits");
        TinyModels.Plain.AddVersionTo(_models.Path, 1);
        _server = await LocalServerProcess.StartServingAsync(_models.Path);
        _client = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _models?.Dispose();
    }

    [Test]
    public async Task More_instances_than_the_limit_are_refused_with_TF_Servings_task_size_error(CancellationToken ct)
    {
        var response = await _client.PostRestAsync(Predict, Instances(MaxInstances + 1, "short tweet"), ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        Assert.That(response.Error, Does.StartWith($"Task size {MaxInstances + 1} is larger than maximum input batch size {MaxInstances}"));
    }

    [Test]
    public async Task A_string_longer_than_the_limit_is_refused_and_one_at_the_limit_is_served(CancellationToken ct)
    {
        var tooLong = await _client.PostRestAsync(Predict, Instances(2, Text(MaxStringBytes + 1)), ct);
        var atLimit = await _client.PostRestAsync(Predict, Instances(1, Text(MaxStringBytes)), ct);

        Assert.That(tooLong.Status, Is.EqualTo(HttpStatusCode.BadRequest), tooLong.ToString);
        Assert.That(tooLong.Error, Does.Contain($"A string of {MaxStringBytes + 1} bytes is longer than the local server's limit of {MaxStringBytes} bytes"));
        Assert.That(atLimit.Status, Is.EqualTo(HttpStatusCode.OK), atLimit.ToString);
    }

    [Test]
    public async Task The_issues_10_MB_body_of_91k_strings_is_refused_and_the_next_tweet_is_answered(CancellationToken ct)
    {
        string body = Instances(91_000, "a short tweet, about one hundred bytes long, like the ones in the report that took the server down");
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.GreaterThan(9_000_000));

        var refused = await _client.PostRestAsync(Predict, body, ct);
        var next = await _client.PostRestAsync(Predict, OneTweet, ct);

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest), refused.ToString);
        Assert.That(refused.Error, Does.StartWith("Task size 91000 is larger than maximum input batch size 1024"));
        Assert.That(next.Status, Is.EqualTo(HttpStatusCode.OK), next.ToString);
    }

    [Test]
    public async Task The_largest_accepted_request_is_served_in_slices_beside_a_small_one_under_the_memory_ceiling(CancellationToken ct)
    {
        ProcessStats.RequireProcFileSystem();
        await using var memory = ProcessStats.SampleMemory(_server.Id);

        double cpuBefore = ProcessStats.CpuSeconds(_server.Id);
        var largest = _client.PostRestAsync(Predict, Instances(MaxInstances, Text(MaxStringBytes)), ct);
        // The tweet goes once the server has demonstrably worked on the large request (its body read and parsed, slices
        // run), whatever else the machine does; a fixed wait could send it before the large one is even queued.
        await ProcessStats.WaitForCpuAsync(_server.Id, cpuBefore, seconds: 0.5, TimeSpan.FromSeconds(60), ct);
        var stopwatch = Stopwatch.StartNew();
        var small = await _client.PostRestAsync(Predict, OneTweet, ct);
        var smallTook = stopwatch.Elapsed;
        bool largestStillRunning = !largest.IsCompleted;
        var answer = await largest;
        await TestContext.Out.WriteLineAsync($"peak VmRSS {memory.PeakMiB:F0} MiB; a tweet sent during the largest request took {smallTook.TotalMilliseconds:F0} ms (largest still running: {largestStillRunning})");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.ToString);
        Assert.That(answer.Json.At("predictions").Items(), Has.Count.EqualTo(MaxInstances));
        Assert.That(small.Status, Is.EqualTo(HttpStatusCode.OK), small.ToString);
        Assert.That(largestStillRunning, Is.True, "the tweet was answered before the large request (a tweet waits for one slice of it, not all of it)");
        Assert.That(smallTook, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(memory.PeakMiB, Is.GreaterThan(0).And.LessThan(MemoryCeilingMiB), "resident memory (VmRSS), MiB");
    }

    [Test]
    public async Task An_over_long_request_gets_504_at_its_deadline_its_work_stops_and_the_next_tweet_is_answered(CancellationToken ct)
    {
        ProcessStats.RequireProcFileSystem();
        using var models = new TempDirectory("deadline");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        await using var server = await LocalServerProcess.StartServingAsync(models.Path, moreArguments: ["--rest_api_timeout_in_ms=500"], cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var overLong = await client.PostRestAsync(Predict, Instances(MaxInstances, Text(MaxStringBytes)), ct);
        var stopwatch = Stopwatch.StartNew();
        var next = await client.PostRestAsync(Predict, OneTweet, ct);
        var nextTook = stopwatch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // the replacement worker loads meanwhile
        double cpuBefore = ProcessStats.CpuSeconds(server.Id);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        double idleCpu = ProcessStats.CpuSeconds(server.Id) - cpuBefore;
        await TestContext.Out.WriteLineAsync($"next tweet after the 504 took {nextTook.TotalMilliseconds:F0} ms; CPU {idleCpu:F2} s in the 2 s window");

        Assert.That(overLong.Status, Is.EqualTo(HttpStatusCode.GatewayTimeout), overLong.ToString);
        Assert.That(overLong.Error, Is.EqualTo("Deadline Exceeded"));
        Assert.That(next.Status, Is.EqualTo(HttpStatusCode.OK), next.ToString);
        Assert.That(nextTook, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(idleCpu, Is.LessThan(0.5), "CPU seconds used in 2 s after the 504: the rest of the request must not run");
    }

    [Test]
    public async Task A_full_queue_is_answered_503_at_once_with_TF_Servings_message(CancellationToken ct)
    {
        using var models = new TempDirectory("queue-full");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        string batching = models.File("batching.config");
        // 4 runs of at most 8 rows may wait: 32 rows.
        await File.WriteAllTextAsync(batching, """
            max_batch_size { value: 1024 }
            enable_large_batch_splitting { value: true }
            max_execution_batch_size { value: 8 }
            max_enqueued_batches { value: 4 }
            """, ct);
        await using var server = await LocalServerProcess.StartServingAsync(
            models.Path, moreArguments: ["--enable_batching", $"--batching_parameters_file={batching}"], cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        string body = Instances(8, Text(MaxStringBytes));

        var requests = Enumerable.Range(0, 20).Select(async _ =>
        {
            var response = await client.PostRestAsync(Predict, body, ct);
            return (response, at: DateTime.UtcNow);
        }).ToList();
        var answers = await Task.WhenAll(requests);

        var refused = answers.Where(a => a.response.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var served = answers.Where(a => a.response.Status == HttpStatusCode.OK).ToList();
        Assert.That(refused.Count + served.Count, Is.EqualTo(answers.Length), () => string.Join("\n", answers.Select(a => a.response.ToString())));
        Assert.That(refused, Is.Not.Empty, "160 rows sent at once into a queue of 32");
        Assert.That(refused.Select(a => a.response.Error), Is.All.EqualTo("The batch scheduling queue to which this task was submitted is full"));
        Assert.That(refused.Max(a => a.at), Is.LessThan(served.Max(a => a.at)), "refusals do not wait for the work in the queue");
    }

    /// <summary>`{"instances": [text, text, ...]}` with <paramref name="count"/> copies.</summary>
    private static string Instances(int count, string text) =>
        $$"""{"instances": [{{string.Join(", ", Enumerable.Repeat(System.Text.Json.JsonSerializer.Serialize(text), count))}}]}""";

    /// <summary>Tweet-like ASCII text of exactly <paramref name="bytes"/> bytes.</summary>
    private static string Text(int bytes)
    {
        const string tweet = "I love this so much, best day ever! @friend http://example.com not sure how I feel about it... ";
        return string.Concat(Enumerable.Repeat(tweet, (bytes / tweet.Length) + 1))[..bytes];
    }
}
