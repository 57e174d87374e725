using System.Collections.Concurrent;
using System.Net;
using TwitterSentiment.Serving.Tests.Infrastructure;
using TwitterSentiment.Serving.Tests.Targets;

namespace TwitterSentiment.Serving.Tests.Contract;

/// <summary>
/// Version polling as TF Serving does it with its defaults (latest policy, one version, availability
/// preserving): a new version folder is loaded and served without dropping requests, the old one is then
/// unloaded (state END); removing the served version falls back to the highest remaining one.
/// </summary>
[TestFixture(ServingTargets.LocalServer)]
[TestFixture(ServingTargets.TensorFlowServing)]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class VersionLifecycleTests(string targetKind) : ServedModelsFixture
{
    private const string Model = ServingSetup.ModelName;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(60);


    [OneTimeSetUp]
    public Task StartServerAsync() => StartServingAsync(targetKind, "lifecycle-models", basePath =>
    {
        TinyModels.Lexicon.AddVersionTo(basePath, 1);
        return new ServingSetup(basePath);
    });

    [Test]
    [Order(1)]
    public async Task A_new_version_is_served_while_requests_keep_succeeding(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var failures = new ConcurrentQueue<string>();
        var servedVersions = new ConcurrentDictionary<double, int>();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await Target.Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": ["what a lovely day"]}""", CancellationToken.None);
                if (response.Status != HttpStatusCode.OK)
                {
                    failures.Enqueue(response.ToString());
                }
                else
                {
                    servedVersions.AddOrUpdate(response.Json.At("predictions").At(0).At("probability").Number(), 1, (_, n) => n + 1);
                }
            }
        }, CancellationToken.None)));

        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        TinyModels.Plain.AddVersionTo(Models.Path, 2);
        await WaitForStatesAsync(new() { ["2"] = "AVAILABLE", ["1"] = "END" }, ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        await stop.CancelAsync();
        await load;

        Assert.That(failures, Is.Empty, "no request may fail while versions change");
        Assert.That(servedVersions.Keys, Has.Count.EqualTo(2), "answers from version 1, then from version 2");
        var latest = await Target.Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": ["what a lovely day"]}""", ct);
        Assert.That(latest.Json.At("predictions").At(0).At("probability").Number(),
            Is.EqualTo(TinyModels.Plain.Predict("what a lovely day")).Within(1e-4));
    }

    [Test]
    [Order(2)]
    public async Task Removing_the_served_version_falls_back_to_the_highest_remaining_one(CancellationToken ct)
    {
        Assume.That(Directory.Exists(Path.Combine(Models.Path, "2")), "runs after a second version was added");

        Directory.Delete(Path.Combine(Models.Path, "2"), recursive: true);
        await WaitForStatesAsync(new() { ["1"] = "AVAILABLE", ["2"] = "END" }, ct);

        var removed = await Target.Client.PostRestAsync($"/v1/models/{Model}/versions/2:predict", """{"instances": ["a"]}""", ct);
        Assert.That(removed.Status, Is.EqualTo(HttpStatusCode.NotFound), removed.ToString);
        Assert.That(removed.Error, Is.EqualTo($"Servable not found for request: Specific({Model}, 2)"));
        var latest = await Target.Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": ["a"]}""", ct);
        Assert.That(latest.Status, Is.EqualTo(HttpStatusCode.OK), latest.ToString);
    }

    private async Task WaitForStatesAsync(Dictionary<string, string> wanted, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + PollTimeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var status = await Target.Client.GetRestAsync($"/v1/models/{Model}", ct);
            last = status.Body;
            var states = status.Json?["model_version_status"]?.Items()
                .ToDictionary(v => v.At("version").Text(), v => v.At("state").Text()) ?? [];
            if (wanted.All(w => states.GetValueOrDefault(w.Key) == w.Value))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        Assert.Fail($"Versions did not reach {string.Join(", ", wanted)} within {PollTimeout}; last status: {last}\n{Target.Describe()}");
    }
}
