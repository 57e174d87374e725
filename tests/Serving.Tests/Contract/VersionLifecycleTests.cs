using System.Collections.Concurrent;
using System.Net;
using TwitterSentiment.Serving.Tests.Infrastructure;
using TwitterSentiment.Serving.Tests.Targets;

namespace TwitterSentiment.Serving.Tests.Contract;

/// <summary>
/// Version polling as TF Serving does it with its defaults (latest policy, one version, availability
/// preserving): a new version folder is loaded and served without dropping requests, the old one is then
/// unloaded (state END); removing the served version falls back to the highest remaining one. Each test starts its
/// own server on its own versions (1: the tiny model with the lexicon, 2: the one without), so none depends on another.
/// </summary>
[TestFixture(ServingTargets.LocalServer)]
[TestFixture(ServingTargets.TensorFlowServing)]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class VersionLifecycleTests(string targetKind)
{
    private const string Model = ServingSetup.ModelName;

    /// <summary>
    /// A tweet the two versions score far apart, so each answer says which version gave it: of a few neutral ones, the
    /// one they disagree on most (both are sure of plainly worded tweets, the lexicon's in its own way).
    /// </summary>
    private static readonly Lazy<string> FarApart = new(() =>
    {
        string[] candidates = ["what a day", "the day", "okay then", "hmm", "a"];
        string tweet = candidates.MaxBy(text => Math.Abs(Version1.Predict(text) - Version2.Predict(text)))!;
        double gap = Math.Abs(Version1.Predict(tweet) - Version2.Predict(tweet));
        if (gap < 0.05) Assert.Fail($"The tiny models agree within {gap:G3} on every candidate tweet: the test cannot tell their answers apart.");
        return tweet;
    });

    private static string Tweet => FarApart.Value;

    private const int AnswersPerVersion = 5;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(60);

    private static TinyModel Version1 => TinyModels.Lexicon;

    private static TinyModel Version2 => TinyModels.Plain;

    [Test]
    public async Task A_new_version_is_served_while_requests_keep_succeeding(CancellationToken ct)
    {
        using var models = new TempDirectory("lifecycle-models");
        Version1.AddVersionTo(models.Path, 1);
        await using var target = await ServingTargets.StartAsync(targetKind, new ServingSetup(models.Path), ct);

        // Requests keep coming while version 2 arrives: some answered by version 1 before, some by version 2 after.
        await using var load = PredictLoad.Start(target.Client, Tweet, [Version1.Predict(Tweet), Version2.Predict(Tweet)], clients: 4);
        await Poll.UntilAsync(() => load.Answers(version: 1) >= AnswersPerVersion, PollTimeout, load.Describe, ct);
        Version2.AddVersionTo(models.Path, 2);
        await WaitForStatesAsync(target, new() { ["2"] = "AVAILABLE", ["1"] = "END" }, ct);
        long answersBefore = load.Answers(version: 2);
        await Poll.UntilAsync(() => load.Answers(version: 2) >= answersBefore + AnswersPerVersion, PollTimeout, load.Describe, ct);
        await load.StopAsync();

        Assert.That(load.Failures, Is.Empty, "no request may fail while versions change");
        Assert.That(load.Unexpected, Is.Empty, "every answer is version 1's or version 2's");
        var latest = await target.Client.PostRestAsync($"/v1/models/{Model}:predict", $$"""{"instances": ["{{Tweet}}"]}""", ct);
        Assert.That(latest.Json.At("predictions").At(0).At("probability").Number(), Is.EqualTo(Version2.Predict(Tweet)).Within(1e-4));
    }

    [Test]
    public async Task Removing_the_served_version_falls_back_to_the_highest_remaining_one(CancellationToken ct)
    {
        using var models = new TempDirectory("lifecycle-models");
        Version1.AddVersionTo(models.Path, 1);
        Version2.AddVersionTo(models.Path, 2);
        await using var target = await ServingTargets.StartAsync(targetKind, new ServingSetup(models.Path), ct);
        await WaitForStatesAsync(target, new() { ["2"] = "AVAILABLE" }, ct);

        Directory.Delete(Path.Combine(models.Path, "2"), recursive: true);
        await WaitForStatesAsync(target, new() { ["1"] = "AVAILABLE", ["2"] = "END" }, ct);

        var removed = await target.Client.PostRestAsync($"/v1/models/{Model}/versions/2:predict", """{"instances": ["a"]}""", ct);
        Assert.That(removed.Status, Is.EqualTo(HttpStatusCode.NotFound), removed.ToString);
        Assert.That(removed.Error, Is.EqualTo($"Servable not found for request: Specific({Model}, 2)"));
        var latest = await target.Client.PostRestAsync($"/v1/models/{Model}:predict", $$"""{"instances": ["{{Tweet}}"]}""", ct);
        Assert.That(latest.Status, Is.EqualTo(HttpStatusCode.OK), latest.ToString);
        Assert.That(latest.Json.At("predictions").At(0).At("probability").Number(), Is.EqualTo(Version1.Predict(Tweet)).Within(1e-4));
    }

    private static async Task WaitForStatesAsync(IServingTarget target, Dictionary<string, string> wanted, CancellationToken ct)
    {
        string last = "";
        await Poll.UntilAsync(async token =>
        {
            var status = await target.Client.GetRestAsync($"/v1/models/{Model}", token);
            last = status.Body;
            var states = status.Json?["model_version_status"]?.Items()
                .ToDictionary(v => v.At("version").Text(), v => v.At("state").Text()) ?? [];
            return wanted.All(w => states.GetValueOrDefault(w.Key) == w.Value);
        }, PollTimeout, () => $"versions to reach {string.Join(", ", wanted)}; last status: {last}\n{target.Describe()}", ct, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Clients asking for one tweet again and again, counting the answers of each version by its probability.</summary>
    private sealed class PredictLoad : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly string _tweet;
        private readonly float[] _versionProbabilities;
        private readonly long[] _answers;
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        private PredictLoad(HttpClient client, string tweet, float[] versionProbabilities)
        {
            _client = client;
            _tweet = tweet;
            _versionProbabilities = versionProbabilities;
            _answers = new long[versionProbabilities.Length];
        }

        public ConcurrentQueue<string> Failures { get; } = new();

        public ConcurrentQueue<double> Unexpected { get; } = new();

        public static PredictLoad Start(HttpClient client, string tweet, float[] versionProbabilities, int clients)
        {
            var load = new PredictLoad(client, tweet, versionProbabilities);
            load._running = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(load.AskAsync)));
            return load;
        }

        /// <summary>Answers so far from <paramref name="version"/> (1-based, in the order of the probabilities given).</summary>
        public long Answers(int version) => Interlocked.Read(ref _answers[version - 1]);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
        }

        public string Describe() => $"answers per version: {string.Join(", ", _answers)}; failures: {string.Join("; ", Failures.Take(3))}";

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            catch (HttpRequestException)
            {
                // The test failed and stopped the server first; its assertion says why.
            }

            _stop.Dispose();
        }

        private async Task AskAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var response = await _client.PostRestAsync($"/v1/models/{Model}:predict", $$"""{"instances": ["{{_tweet}}"]}""", CancellationToken.None);
                if (response.Status != HttpStatusCode.OK)
                {
                    Failures.Enqueue(response.ToString());
                    continue;
                }

                double probability = response.Json.At("predictions").At(0).At("probability").Number();
                int version = Array.FindIndex(_versionProbabilities, p => Math.Abs(p - probability) < 1e-4);
                if (version < 0)
                {
                    Unexpected.Enqueue(probability);
                }
                else
                {
                    Interlocked.Increment(ref _answers[version]);
                }
            }
        }
    }
}
